import * as assert from 'node:assert/strict';
import { addDays, dayRange, daysBetween, daysToAutoImport, isFutureDay, parseDay, utcToday } from './dates';

suite('live: dates', () => {
  test('only real calendar days in YYYY-MM-DD form', () => {
    assert.equal(parseDay('2024-10-25'), '2024-10-25');
    assert.equal(parseDay(' 2024-02-29 '), '2024-02-29');
    for (const bad of ['2024-13-40', '2025-13-40', '2023-02-29', '2024-04-31', '2024-00-10', '2024-10-00', '24-10-25', '2024-1-5', '2024/10/25', '20241025', '', 'today', '2024-10-25T00:00:00Z', '0000-01-01']) {
      assert.equal(parseDay(bad), undefined, bad);
    }
  });

  test('"today" is the UTC day, whatever the local zone', () => {
    assert.equal(utcToday(Date.parse('2026-12-03T23:59:59Z')), '2026-12-03');
    assert.equal(utcToday(Date.parse('2026-12-04T00:00:00+09:00')), '2026-12-03', 'still the 3rd in UTC at 9 am in Tokyo');
    assert.equal(isFutureDay('2026-12-04', Date.parse('2026-12-03T20:00:00Z')), true);
    assert.equal(isFutureDay('2026-12-03', Date.parse('2026-12-03T00:00:01Z')), false);
  });

  test('ranges include both ends, cross months and leap days', () => {
    assert.deepEqual(dayRange('2024-02-27', '2024-03-01'), ['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01']);
    assert.deepEqual(dayRange('2024-10-25', '2024-10-25'), ['2024-10-25']);
    assert.deepEqual(dayRange('2024-10-26', '2024-10-25'), []);
    assert.equal(addDays('2024-12-31', 1), '2025-01-01');
    assert.equal(addDays('2024-03-01', -1), '2024-02-29');
    assert.equal(daysBetween('2024-12-31', '2025-01-07'), 7);
    assert.throws(() => dayRange('2024-13-40', '2024-12-01'), RangeError);
  });

  test('auto-import: from the last imported day to today, at most 7, today alone the first time', () => {
    const now = Date.parse('2026-12-03T08:00:00Z');
    assert.deepEqual(daysToAutoImport(undefined, now), ['2026-12-03']);
    assert.deepEqual(daysToAutoImport('2026-12-03', now), ['2026-12-03']);
    assert.deepEqual(daysToAutoImport('2026-12-01', now), ['2026-12-01', '2026-12-02', '2026-12-03']);
    assert.deepEqual(daysToAutoImport('2026-10-01', now), dayRange('2026-11-27', '2026-12-03'));
    assert.equal(daysToAutoImport('2026-10-01', now).length, 7);
    assert.deepEqual(daysToAutoImport('garbage', now), ['2026-12-03']);
  });
});
