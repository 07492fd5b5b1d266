import { describe, expect, it } from 'vitest';
import { en } from '../i18n/messages/en';
import { fr } from '../i18n/messages/fr';
import { ja } from '../i18n/messages/ja';
import { ERROR_CODES, fromStatus, toAppError } from './errors';

describe('error codes (PL-6)', () => {
  it('knows UNAVAILABLE: from extensions.code and from HTTP 503', () => {
    expect(toAppError([{ message: 'the job queue is down', extensions: { code: 'UNAVAILABLE', retryAfterSeconds: 5 } }])).toMatchObject({
      code: 'UNAVAILABLE',
      retryAfterSeconds: 5,
    });
    expect(fromStatus(503, 'busy').code).toBe('UNAVAILABLE');
    expect(fromStatus(500, 'boom').code).toBe('INTERNAL');
  });

  it('has a title for every code in en, ja and fr', () => {
    for (const m of [en, ja, fr] as Record<string, string>[]) {
      for (const code of ERROR_CODES) expect(m[`error.${code}`], code).toBeTruthy();
    }
  });
});
