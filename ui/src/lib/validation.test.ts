import { describe, expect, it } from 'vitest';
import { invalidFields, validateInvite, validatePasswordChange, type InviteValues } from './validation';

const ok: InviteValues = { name: 'Ben Second', email: 'ben@example.com', role: 'STANDARD', licenseKind: 'REGULAR', locale: 'ja' };

describe('invite form (SB-7)', () => {
  it('takes a name, an email, ADMIN or STANDARD, REGULAR or TEAM', () => {
    expect(invalidFields(ok, validateInvite(ok))).toEqual([]);
    expect(invalidFields({ ...ok, role: 'ADMIN', licenseKind: 'TEAM' }, validateInvite({ ...ok, role: 'ADMIN', licenseKind: 'TEAM' }))).toEqual([]);
  });

  it('names each bad field, in the form’s order (the first gets the focus)', () => {
    const bad = { ...ok, name: '  ', email: 'ben@', role: 'SUPER_ADMIN', licenseKind: 'GOLD' };
    const p = validateInvite(bad);
    expect(invalidFields(bad, p)).toEqual(['name', 'email', 'role', 'licenseKind']);
    expect(p.name?.key).toBe('validation.required');
    expect(p.email?.key).toBe('validation.email');
  });

  it('limits the name like the server does', () => {
    expect(validateInvite({ ...ok, name: 'x'.repeat(121) }).name).toEqual({ key: 'validation.tooLong', params: { max: 120 } });
    expect(validateInvite({ ...ok, name: '名'.repeat(120) }).name).toBeUndefined();
  });
});

describe('password change (issue 17 item 1)', () => {
  it('needs the current password, a new one of 10 to 128 characters, typed twice alike', () => {
    expect(validatePasswordChange({ currentPassword: '', newPassword: 'short', confirm: 'other' })).toEqual({
      currentPassword: { key: 'validation.required' },
      newPassword: { key: 'validation.passwordLength' },
      confirm: { key: 'validation.passwordsDiffer' },
    });
    const good = { currentPassword: 'temp', newPassword: 'my own password', confirm: 'my own password' };
    expect(invalidFields(good, validatePasswordChange(good))).toEqual([]);
  });
});
