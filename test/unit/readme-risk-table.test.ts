import { readFileSync } from 'node:fs';
import path from 'node:path';
import { failedGuessCeiling } from '../../src/modules/access/guess-ceiling';
import { guessingRisk, targetLength } from '../../src/modules/risk/guessing-risk';

const defaults = { maxFailedAttempts: 5, lockoutSeconds: 60, siteFailureBudget: 20 };

function tableRows(): string[][] {
  const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
  const section = readme.split('## How hard is it to guess a PIN here?')[1]?.split('\n## ')[0] ?? '';
  return section
    .split('\n')
    .filter((line) => /^\|\s*\d/.test(line))
    .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
}

const percent = (p: number): string => `${(p * 100).toPrecision(2)}%`;

describe('the README risk table', () => {
  it('has a row for sites of 50, 500 and 5000 users at targets 0.01 and 0.0001', () => {
    expect(tableRows().map(([users, target]) => `${users}@${target}`).sort()).toEqual(
      ['50@0.01', '500@0.01', '5000@0.01', '50@0.0001', '500@0.0001', '5000@0.0001'].sort(),
    );
  });

  it('says what the risk function computes for each row', () => {
    for (const [users, target, length, ceiling, perDay] of tableRows()) {
      const g = failedGuessCeiling(defaults, Number.MAX_SAFE_INTEGER);
      const n = Number(users);
      const l = targetLength(g, n - 1, Number(target));
      expect({ users, length, ceiling, perDay }).toEqual({
        users,
        length: String(l),
        ceiling: String(g),
        perDay: percent(guessingRisk(g, new Map([[l, n]])).perDay),
      });
    }
  });
});
