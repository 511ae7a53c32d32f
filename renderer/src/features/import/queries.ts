// Imports and exports: query keys, queries and the calls that change data, in one place.
import { useQuery } from '@tanstack/react-query';
import type { InputOf } from '../../../../common/contract';
import { api } from '../../api/client';
import { bytesOf } from '../../lib/files';

export const importKeys = { list: ['imports', 'list'] as const };

/** The workspace's recent imports (with what each can still undo). */
export function useRecentImports() {
  return useQuery({ queryKey: importKeys.list, queryFn: () => api('imports.list', {}) });
}

export async function previewImport(file: File) {
  return (await api('imports.preview', { file: new Uint8Array(await bytesOf(file)), name: file.name })).preview;
}

export const remapImport = async (input: InputOf<'imports.remap'>) => (await api('imports.remap', input)).preview;
export const importProgress = async (id: InputOf<'imports.progress'>['id']) => (await api('imports.progress', { id })).progress;
export const commitImport = async (input: InputOf<'imports.commit'>) => (await api('imports.commit', input)).import;
export const undoImport = (id: InputOf<'imports.undo'>['id']) => api('imports.undo', { id });
export const exportSubscriptions = (format: InputOf<'exports.subscriptions'>['format']) => api('exports.subscriptions', { format });
