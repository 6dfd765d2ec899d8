import { fromSiteInput, siteTimeText, toSiteInput } from '../../web/src/app/site-time';

/** The console's validity fields read and write the site's wall clock, not the browser's. */
describe("validity times on the site's clock", () => {
  it.each([
    ['Europe/Madrid', '2026-12-03T18:00', '2026-12-03T17:00:00.000Z'],
    ['Europe/Madrid', '2026-07-03T18:00', '2026-07-03T16:00:00.000Z'],
    ['America/New_York', '2026-12-03T18:00', '2026-12-03T23:00:00.000Z'],
    ['Asia/Kolkata', '2026-12-03T18:00', '2026-12-03T12:30:00.000Z'],
    ['Pacific/Auckland', '2026-12-31T23:30', '2026-12-31T10:30:00.000Z'],
    ['UTC', '2026-02-28T00:00', '2026-02-28T00:00:00.000Z'],
  ])('%s %s is %s, and back', (tz, wall, iso) => {
    expect(fromSiteInput(wall, tz)).toBe(iso);
    expect(toSiteInput(iso, tz)).toBe(wall);
  });

  it('takes the first of a time that occurs twice, and lands after a time that does not occur', () => {
    // Madrid, 25 Oct 2026: 02:30 happens at 00:30Z (summer time) and again at 01:30Z.
    expect(fromSiteInput('2026-10-25T02:30', 'Europe/Madrid')).toBe('2026-10-25T00:30:00.000Z');
    // Madrid, 29 Mar 2026: clocks jump from 02:00 to 03:00; 02:30 is read as 03:30.
    expect(fromSiteInput('2026-03-29T02:30', 'Europe/Madrid')).toBe('2026-03-29T01:30:00.000Z');
    expect(toSiteInput('2026-03-29T01:30:00.000Z', 'Europe/Madrid')).toBe('2026-03-29T03:30');
    // Just after each change, the new offset.
    expect(fromSiteInput('2026-03-29T10:00', 'Europe/Madrid')).toBe('2026-03-29T08:00:00.000Z');
    expect(fromSiteInput('2026-10-25T10:00', 'Europe/Madrid')).toBe('2026-10-25T09:00:00.000Z');
  });

  it('keeps empty and malformed values out', () => {
    expect(fromSiteInput('', 'Europe/Madrid')).toBeNull();
    expect(fromSiteInput('2026-12-03', 'Europe/Madrid')).toBeNull();
    expect(toSiteInput(null, 'Europe/Madrid')).toBe('');
    expect(toSiteInput('not a date', 'Europe/Madrid')).toBe('');
  });

  it('does not depend on the browser timezone (this process runs in whatever TZ it was given)', () => {
    expect(siteTimeText('2026-12-03T17:00:00.000Z', 'Europe/Madrid')).toBe('3 Dec 2026, 18:00');
    expect(siteTimeText('2026-12-03T17:00:00.000Z', 'America/New_York')).toBe('3 Dec 2026, 12:00');
  });
});
