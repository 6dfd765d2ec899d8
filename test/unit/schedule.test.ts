import { cleanSchedule, isWithinSchedule, Weekday, type WeeklySchedule } from '../../src/modules/access/schedule';
import { DomainError, ErrorCode } from '../../src/shared/errors';

const { MON, TUE, WED, FRI, SAT, SUN } = Weekday;
const MADRID = 'Europe/Madrid';
const at = (iso: string): Date => new Date(iso);

const refusal = (input: WeeklySchedule): unknown => {
  try {
    cleanSchedule(input);
  } catch (error) {
    return error;
  }
  throw new Error(`cleanSchedule accepted ${JSON.stringify(input)}`);
};

const expectBadInput = (input: WeeklySchedule): void => {
  const error = refusal(input);
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(ErrorCode.BAD_USER_INPUT);
};

describe('cleanSchedule', () => {
  it('refuses a schedule with no days', () => {
    expectBadInput({ days: [], start: '08:00', end: '18:00' });
  });

  it('refuses an unknown day', () => {
    expectBadInput({ days: [MON, 'FUNDAY' as Weekday], start: '08:00', end: '18:00' });
  });

  it.each(['24:00', '7:00', '12:60', 'ab:cd', '', '08:00:00', ' 08:00'])('refuses the start time %p', (start) => {
    expectBadInput({ days: [MON], start, end: '18:00' });
  });

  it('accepts 24:00 as an end time: the window runs to midnight', () => {
    const s = cleanSchedule({ days: [Weekday.MON], start: '18:00', end: '24:00' });
    expect(isWithinSchedule(s, new Date('2026-01-05T22:59:00Z'), 'UTC')).toBe(true);
    expect(isWithinSchedule(s, new Date('2026-01-06T00:00:00Z'), 'UTC')).toBe(false);
  });

  it.each(['24:01', '7:00', '12:60', 'ab:cd'])('refuses the end time %p', (end) => {
    expectBadInput({ days: [MON], start: '08:00', end });
  });

  it('refuses a window whose start equals its end', () => {
    expectBadInput({ days: [MON], start: '09:30', end: '09:30' });
  });

  it('de-duplicates days and orders them MON..SUN', () => {
    expect(cleanSchedule({ days: [SUN, FRI, MON, SUN, WED, MON], start: '08:00', end: '18:00' }).days).toEqual([MON, WED, FRI, SUN]);
  });

  it('keeps the times as given', () => {
    const cleaned = cleanSchedule({ days: [TUE], start: '00:00', end: '23:59' });
    expect([cleaned.start, cleaned.end]).toEqual(['00:00', '23:59']);
  });

  it('accepts an overnight window 22:00-06:00', () => {
    expect(cleanSchedule({ days: [FRI], start: '22:00', end: '06:00' })).toEqual({ days: [FRI], start: '22:00', end: '06:00' });
  });
});

describe('isWithinSchedule', () => {
  // 2026-11-30 is a Monday; Madrid is on CET (UTC+1) then.
  const monday8to18 = { days: [MON], start: '08:00', end: '18:00' };

  it('opens at the start minute (inclusive) and closes at the end minute (exclusive)', () => {
    expect(isWithinSchedule(monday8to18, at('2026-11-30T07:59:59Z'), 'UTC')).toBe(false);
    expect(isWithinSchedule(monday8to18, at('2026-11-30T08:00:00Z'), 'UTC')).toBe(true);
    expect(isWithinSchedule(monday8to18, at('2026-11-30T17:59:59Z'), 'UTC')).toBe(true);
    expect(isWithinSchedule(monday8to18, at('2026-11-30T18:00:00Z'), 'UTC')).toBe(false);
  });

  it('is closed on a day the schedule does not name', () => {
    expect(isWithinSchedule(monday8to18, at('2026-12-01T12:00:00Z'), 'UTC')).toBe(false);
  });

  it("reads the site's wall clock: 07:30Z is 08:30 in Madrid in winter (open) and 07:30 in UTC (closed)", () => {
    const instant = at('2026-11-30T07:30:00Z');
    expect(isWithinSchedule(monday8to18, instant, MADRID)).toBe(true);
    expect(isWithinSchedule(monday8to18, instant, 'UTC')).toBe(false);
  });

  it("reads the site's wall clock in summer too: 06:30Z is 08:30 in Madrid (CEST, UTC+2)", () => {
    // 2026-06-01 is a Monday.
    const instant = at('2026-06-01T06:30:00Z');
    expect(isWithinSchedule(monday8to18, instant, MADRID)).toBe(true);
    expect(isWithinSchedule(monday8to18, instant, 'UTC')).toBe(false);
    expect(isWithinSchedule(monday8to18, at('2026-06-01T16:00:00Z'), MADRID)).toBe(false);
  });

  it("takes the weekday from the site's wall clock: Sunday 23:30Z is already Monday 00:30 in Madrid", () => {
    const mondayAllDay = { days: [MON], start: '00:00', end: '23:59' };
    expect(isWithinSchedule(mondayAllDay, at('2026-11-29T23:30:00Z'), MADRID)).toBe(true);
    expect(isWithinSchedule(mondayAllDay, at('2026-11-29T23:30:00Z'), 'UTC')).toBe(false);
  });

  describe('overnight FRI 22:00-06:00 in Madrid (2026-11-27 is a Friday, CET)', () => {
    const fridayNight = { days: [FRI], start: '22:00', end: '06:00' };

    it('opens at Friday 22:00 local', () => {
      expect(isWithinSchedule(fridayNight, at('2026-11-27T20:59:00Z'), MADRID)).toBe(false);
      expect(isWithinSchedule(fridayNight, at('2026-11-27T21:00:00Z'), MADRID)).toBe(true);
    });

    it('covers Friday 23:30 local', () => {
      expect(isWithinSchedule(fridayNight, at('2026-11-27T22:30:00Z'), MADRID)).toBe(true);
    });

    it('covers Saturday 05:59 local', () => {
      expect(isWithinSchedule(fridayNight, at('2026-11-28T04:59:00Z'), MADRID)).toBe(true);
    });

    it('is closed at Saturday 06:00 local', () => {
      expect(isWithinSchedule(fridayNight, at('2026-11-28T05:00:00Z'), MADRID)).toBe(false);
    });

    it('does not open on Saturday night: the window belongs to Friday', () => {
      expect(isWithinSchedule(fridayNight, at('2026-11-28T22:30:00Z'), MADRID)).toBe(false);
    });

    it('is closed on Thursday 23:00 local', () => {
      expect(isWithinSchedule(fridayNight, at('2026-11-26T22:00:00Z'), MADRID)).toBe(false);
    });

    it("is closed on Friday 05:00 local: that hour belongs to Thursday's window", () => {
      expect(isWithinSchedule(fridayNight, at('2026-11-27T04:00:00Z'), MADRID)).toBe(false);
    });
  });

  it('carries a Sunday overnight window into Monday morning across the week boundary', () => {
    const sundayNight = { days: [SUN], start: '22:00', end: '06:00' };
    const saturdayNight = { days: [SAT], start: '22:00', end: '06:00' };
    // Monday 2026-11-30 05:00 in Madrid.
    expect(isWithinSchedule(sundayNight, at('2026-11-30T04:00:00Z'), MADRID)).toBe(true);
    expect(isWithinSchedule(saturdayNight, at('2026-11-30T04:00:00Z'), MADRID)).toBe(false);
  });

  it('treats an end of 00:00 as midnight: 22:00-00:00 covers 23:59 and not 00:00', () => {
    const lateMonday = { days: [MON], start: '22:00', end: '00:00' };
    expect(isWithinSchedule(lateMonday, at('2026-11-30T22:59:00Z'), MADRID)).toBe(true);
    expect(isWithinSchedule(lateMonday, at('2026-11-30T23:00:00Z'), MADRID)).toBe(false);
  });

  describe('across the changes of daylight saving time in Europe/Madrid', () => {
    it('opens a Monday 08:00-18:00 window at 08:00 local after spring forward (06:00Z on 2026-03-30)', () => {
      expect(isWithinSchedule(monday8to18, at('2026-03-30T05:59:00Z'), MADRID)).toBe(false);
      expect(isWithinSchedule(monday8to18, at('2026-03-30T06:00:00Z'), MADRID)).toBe(true);
      expect(isWithinSchedule(monday8to18, at('2026-03-30T15:59:00Z'), MADRID)).toBe(true);
      expect(isWithinSchedule(monday8to18, at('2026-03-30T16:00:00Z'), MADRID)).toBe(false);
    });

    it('opens a Monday 08:00-18:00 window at 08:00 local after fall back (07:00Z on 2026-10-26)', () => {
      expect(isWithinSchedule(monday8to18, at('2026-10-26T06:59:00Z'), MADRID)).toBe(false);
      expect(isWithinSchedule(monday8to18, at('2026-10-26T07:00:00Z'), MADRID)).toBe(true);
      expect(isWithinSchedule(monday8to18, at('2026-10-26T16:59:00Z'), MADRID)).toBe(true);
      expect(isWithinSchedule(monday8to18, at('2026-10-26T17:00:00Z'), MADRID)).toBe(false);
    });

    const sundayEarly = { days: [SUN], start: '01:00', end: '04:00' };

    // Spring forward, Sunday 2026-03-29: 02:00 CET (01:00Z) becomes 03:00 CEST. The local hour
    // 02:00-03:00 never happens, so the 01:00-04:00 window is open for two real hours:
    // 01:00-02:00 CET (00:00Z-01:00Z) and 03:00-04:00 CEST (01:00Z-02:00Z).
    it('keeps a Sunday 01:00-04:00 window open for the two real hours it has on the spring-forward night', () => {
      expect(isWithinSchedule(sundayEarly, at('2026-03-28T23:59:00Z'), MADRID)).toBe(false); // 00:59 CET
      expect(isWithinSchedule(sundayEarly, at('2026-03-29T00:00:00Z'), MADRID)).toBe(true); // 01:00 CET
      expect(isWithinSchedule(sundayEarly, at('2026-03-29T00:59:00Z'), MADRID)).toBe(true); // 01:59 CET
      expect(isWithinSchedule(sundayEarly, at('2026-03-29T01:00:00Z'), MADRID)).toBe(true); // 03:00 CEST
      expect(isWithinSchedule(sundayEarly, at('2026-03-29T01:59:00Z'), MADRID)).toBe(true); // 03:59 CEST
      expect(isWithinSchedule(sundayEarly, at('2026-03-29T02:00:00Z'), MADRID)).toBe(false); // 04:00 CEST
    });

    it('opens a window starting inside the skipped hour (02:30) at the first minute after the gap, 03:00 CEST', () => {
      const fromSkipped = { days: [SUN], start: '02:30', end: '05:00' };
      expect(isWithinSchedule(fromSkipped, at('2026-03-29T00:59:00Z'), MADRID)).toBe(false); // 01:59 CET
      expect(isWithinSchedule(fromSkipped, at('2026-03-29T01:00:00Z'), MADRID)).toBe(true); // 03:00 CEST
    });

    // Fall back, Sunday 2026-10-25: 03:00 CEST (01:00Z) becomes 02:00 CET, so 02:00-03:00 local
    // happens twice and the 01:00-04:00 window is open for four real hours (23:00Z-03:00Z).
    it('keeps a Sunday 01:00-04:00 window open through both passes of the repeated hour on the fall-back night', () => {
      expect(isWithinSchedule(sundayEarly, at('2026-10-24T22:59:00Z'), MADRID)).toBe(false); // 00:59 CEST
      expect(isWithinSchedule(sundayEarly, at('2026-10-24T23:00:00Z'), MADRID)).toBe(true); // 01:00 CEST
      expect(isWithinSchedule(sundayEarly, at('2026-10-25T00:30:00Z'), MADRID)).toBe(true); // 02:30 CEST
      expect(isWithinSchedule(sundayEarly, at('2026-10-25T01:30:00Z'), MADRID)).toBe(true); // 02:30 CET
      expect(isWithinSchedule(sundayEarly, at('2026-10-25T02:59:00Z'), MADRID)).toBe(true); // 03:59 CET
      expect(isWithinSchedule(sundayEarly, at('2026-10-25T03:00:00Z'), MADRID)).toBe(false); // 04:00 CET
    });

    it('closes an overnight SAT 22:00-06:00 window at 06:00 local on the spring-forward Sunday (04:00Z)', () => {
      const saturdayNight = { days: [SAT], start: '22:00', end: '06:00' };
      expect(isWithinSchedule(saturdayNight, at('2026-03-29T03:59:00Z'), MADRID)).toBe(true); // 05:59 CEST
      expect(isWithinSchedule(saturdayNight, at('2026-03-29T04:00:00Z'), MADRID)).toBe(false); // 06:00 CEST
    });
  });
});
