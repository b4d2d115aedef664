import { FORGOTTEN, isSealed, newKey, PERSONAL_FIELDS, seal, sealedSubject, subjectOf, unseal } from './personal-data';

describe('personal data, sealed', () => {
  const index = newKey();
  const key = newKey();
  const subject = subjectOf(index, 'ada@example.com');

  it('names a person by a keyed hash of their address: the same address, the same subject; no address in it', () => {
    expect(subject).toMatch(/^[0-9a-f]{64}$/);
    expect(subjectOf(index, 'ada@example.com')).toBe(subject);
    expect(subjectOf(index, 'bob@example.com')).not.toBe(subject);
    expect(subjectOf(newKey(), 'ada@example.com')).not.toBe(subject);
  });

  it('seals a value so that it names its subject and opens with its key only', () => {
    const sealed = seal(key, subject, 'Ada Lovelace');
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('Ada');
    expect(sealedSubject(sealed)).toBe(subject);
    expect(unseal(key, sealed)).toBe('Ada Lovelace');
    expect(seal(key, subject, 'Ada Lovelace')).not.toBe(sealed); // a fresh IV each time
  });

  it('reads as `forgotten user` once its key is gone, under another key, moved to another subject, or changed', () => {
    const sealed = seal(key, subject, 'ada@example.com');
    expect(unseal(null, sealed)).toBe(FORGOTTEN);
    expect(unseal(newKey(), sealed)).toBe(FORGOTTEN);
    const other = subjectOf(index, 'bob@example.com');
    expect(unseal(key, sealed.replace(subject, other))).toBe(FORGOTTEN);
    const body = sealed.slice(sealed.lastIndexOf(':') + 1);
    const flipped = `${body.slice(0, 20)}${body[20] === 'A' ? 'B' : 'A'}${body.slice(21)}`;
    expect(unseal(key, sealed.replace(body, flipped))).toBe(FORGOTTEN);
    expect(unseal(key, `sealed:v1:${subject}:AAAA`)).toBe(FORGOTTEN);
    expect(unseal(key, 'sealed:v1:garbage')).toBe(FORGOTTEN);
  });

  it('leaves any other value as it is', () => {
    for (const value of ['ada@example.com', '', 'sealed', 'Sealed:v1:x']) {
      expect(isSealed(value)).toBe(false);
      expect(sealedSubject(value)).toBeNull();
      expect(unseal(key, value)).toBe(value);
    }
  });

  it('seals the address in every event that carries one, and the name and password hash of a registration', () => {
    expect(PERSONAL_FIELDS).toEqual({
      UserRegistered: ['email', 'name', 'passwordHash'],
      EmailClaimed: ['email'],
      MemberInvited: ['email'],
      MemberJoined: ['email'],
    });
  });
});
