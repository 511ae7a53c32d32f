import fs from 'node:fs/promises';
import path from 'node:path';

// What the desktop keeps on this computer about its team server: where it is (no token: that is in the
// OS keychain) and how far the reminders feed has been shown, per server and account.

export interface StoredTeam {
  url: string;
  username: string;
  ca_file: string | null;
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8'));
  } catch {
    return null;
  }
}

async function writeJson(file: string, value: unknown): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  // Written aside and renamed: a crash mid-write leaves the old file, never half of one.
  await fs.writeFile(`${file}.tmp`, JSON.stringify(value, null, 2), { mode: 0o600 });
  await fs.rename(`${file}.tmp`, file);
}

export interface TeamFile {
  read(): Promise<StoredTeam | null>;
  write(team: StoredTeam): Promise<void>;
  remove(): Promise<void>;
}

export function createTeamFile(file: string): TeamFile {
  return {
    async read() {
      const raw = (await readJson(file)) as Partial<Record<keyof StoredTeam, unknown>> | null;
      if (!raw || typeof raw.url !== 'string' || typeof raw.username !== 'string') return null;
      return { url: raw.url, username: raw.username, ca_file: typeof raw.ca_file === 'string' ? raw.ca_file : null };
    },
    write: (team) => writeJson(file, team),
    remove: () => fs.rm(file, { force: true }),
  };
}

/** The last feed cursor shown, by "<server> <username>". */
export interface CursorStore {
  get(key: string): Promise<string | null>;
  set(key: string, cursor: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export function createCursorFile(file: string): CursorStore {
  const all = async (): Promise<Record<string, string>> => {
    const raw = await readJson(file);
    return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, string>) : {};
  };
  return {
    async get(key) {
      const value = (await all())[key];
      return typeof value === 'string' ? value : null;
    },
    async set(key, cursor) {
      await writeJson(file, { ...(await all()), [key]: cursor });
    },
    async delete(key) {
      const { [key]: _gone, ...rest } = await all();
      if (Object.keys(rest).length === 0) await fs.rm(file, { force: true });
      else await writeJson(file, rest);
    },
  };
}
