import { describe, expect, it } from 'vitest';
import { contentDisposition, fileBytes, fileNameOf, sizeText } from '../../../common/contract/files';
import { fileOfHttpAnswer, httpRequestOf } from '../../../common/contract/http-request';

describe('files over HTTP', () => {
  it('an upload sends the file as the body and its other fields in the query string', () => {
    const file = new TextEncoder().encode('Name;Amount\nFigma;12,00\n');
    const request = httpRequestOf({ method: 'POST', path: '/api/import/preview', upload: { maxBytes: 1024 } }, { file, locale: 'de-DE', separator: ';' });
    expect(request.target).toBe('/api/import/preview?locale=de-DE&separator=%3B');
    expect(request.body).toBe(file);
    expect(request.contentType).toBe('application/octet-stream');
  });

  it('an ordinary POST still sends JSON', () => {
    const request = httpRequestOf({ method: 'POST', path: '/api/categories' }, { name: 'Design' });
    expect(request).toEqual({ method: 'POST', target: '/api/categories', body: '{"name":"Design"}', contentType: 'application/json' });
  });

  it('a file name with quotes, accents and non-Latin letters survives Content-Disposition', () => {
    for (const name of ['subscriptions 2026-12-02.csv', 'Café "Büro" Ausgaben.csv', 'расходы.json', 'a;b=c.ics']) {
      const header = contentDisposition('attachment', name);
      expect(header).toMatch(/^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''/);
      expect(header).not.toMatch(/[\r\n]/);
      expect(fileNameOf(header)).toBe(name);
    }
    expect(fileNameOf('inline; filename="plain.ics"')).toBe('plain.ics');
    expect(fileNameOf(null)).toBeNull();
  });

  it('a download answer becomes the file the handler returned, with a fallback name when none was sent', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x41]);
    expect(fileOfHttpAnswer({ path: '/api/export' }, 'text/csv; charset=utf-8', contentDisposition('attachment', 'export.csv'), bytes)).toEqual({ name: 'export.csv', type: 'text/csv; charset=utf-8', data: bytes });
    expect(fileOfHttpAnswer({ path: '/api/calendar.ics' }, null, null, bytes)).toEqual({ name: 'calendar.ics', type: 'application/octet-stream', data: bytes });
  });

  it('a file over the limit, an empty one and no file at all are refused in words', () => {
    const schema = fileBytes(50 * 1024 * 1024);
    expect(schema.safeParse(new Uint8Array(10)).success).toBe(true);
    expect(schema.safeParse(new Uint8Array(0)).error?.issues[0]?.message).toBe('The file is empty');
    expect(schema.safeParse(undefined).error?.issues[0]?.message).toBe('Choose a file to send');
    expect(fileBytes(4).safeParse(new Uint8Array(5)).error?.issues[0]?.message).toBe('The file is larger than 4 bytes, the most this accepts');
    expect(sizeText(50 * 1024 * 1024)).toBe('50 MB');
    expect(sizeText(1536 * 1024)).toBe('1.5 MB');
    expect(sizeText(2048)).toBe('2 KB');
  });
});
