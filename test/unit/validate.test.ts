import { randomUUID } from 'node:crypto';
import { DomainError, ErrorCode } from '../../src/shared/errors';
import { isId, newId, parseId } from '../../src/shared/ids';
import { cleanName, cleanTimezone } from '../../src/shared/validate';

const badInputFrom = (run: () => unknown): DomainError => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(ErrorCode.BAD_USER_INPUT);
    return error as DomainError;
  }
  throw new Error('expected BAD_USER_INPUT, nothing was thrown');
};

describe('cleanName', () => {
  it('returns the name trimmed', () => {
    expect(cleanName('  Front door  ')).toBe('Front door');
  });

  it('refuses an empty name', () => {
    badInputFrom(() => cleanName(''));
  });

  it('refuses a name of only whitespace', () => {
    badInputFrom(() => cleanName(' \t  '));
  });

  it('accepts 200 characters and refuses 201', () => {
    expect(cleanName('x'.repeat(200))).toHaveLength(200);
    badInputFrom(() => cleanName('x'.repeat(201)));
  });

  it('counts the limit after trimming', () => {
    expect(cleanName(`  ${'x'.repeat(200)}  `)).toHaveLength(200);
  });

  it.each([
    ['NUL', 'Front\u0000door'],
    ['BEL', 'Front\u0007door'],
    ['newline', 'Front\ndoor'],
    ['ESC', 'Front\u001b[31mdoor'],
    ['DEL', 'Front\u007fdoor'],
  ])('refuses a name with a %s control character inside', (_label, name) => {
    badInputFrom(() => cleanName(name));
  });

  it('names the field it refuses', () => {
    expect(badInputFrom(() => cleanName('', 'lock.name')).details).toEqual({ field: 'lock.name' });
  });

  it('accepts names in any script', () => {
    expect(cleanName('Puerta de la cocina, 2ª planta')).toBe('Puerta de la cocina, 2ª planta');
  });
});

describe('cleanTimezone', () => {
  it.each(['Europe/Madrid', 'UTC', 'America/Argentina/Buenos_Aires', 'Etc/GMT+5'])('accepts %p', (tz) => {
    expect(cleanTimezone(tz)).toBe(tz);
  });

  it.each(['Mars/Olympus', '', 'UTC; drop', '../etc/passwd', 'Europe/Madrid '])('refuses %p', (tz) => {
    badInputFrom(() => cleanTimezone(tz));
  });
});

describe('parseId', () => {
  it('accepts an ID made by newId and returns it unchanged', () => {
    const id = newId();
    expect(parseId(id)).toBe(id);
    expect(isId(id)).toBe(true);
  });

  it('normalises an upper-case UUID to lower case', () => {
    const id = randomUUID();
    expect(parseId(id.toUpperCase())).toBe(id.toLowerCase());
  });

  it.each([
    ['an empty string', ''],
    ['a word', 'abc'],
    ['a UUID without dashes', '3f2b8c1e9d4a4b7e8c1d2e3f4a5b6c7d'],
    ['a UUID with a non-hex letter', '3f2b8c1e-9d4a-4b7e-8c1d-2e3f4a5b6c7g'],
    ['a UUID one character short', '3f2b8c1e-9d4a-4b7e-8c1d-2e3f4a5b6c7'],
    ['a UUID with a trailing space', '3f2b8c1e-9d4a-4b7e-8c1d-2e3f4a5b6c7d '],
    ['a UUID followed by SQL', "3f2b8c1e-9d4a-4b7e-8c1d-2e3f4a5b6c7d' OR 1=1"],
  ])('refuses %s as BAD_USER_INPUT', (_label, value) => {
    badInputFrom(() => parseId(value));
    expect(isId(value)).toBe(false);
  });

  it('refuses a value that is not a string', () => {
    badInputFrom(() => parseId(42 as unknown as string));
  });

  it('names the field it refuses', () => {
    expect(badInputFrom(() => parseId('nope', 'lockId')).details).toEqual({ field: 'lockId' });
  });
});
