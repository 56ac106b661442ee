import { DASH, humanDuration, humanSize, logSize, seconds } from '../../src/system/format.js';

describe('format', () => {
  test('humanSize: bytes below 1 KiB, then three figures', () => {
    expect(humanSize(0)).toBe('0 B');
    expect(humanSize(900)).toBe('900 B');
    expect(humanSize(1536)).toBe('1.5 KiB');
    expect(humanSize(12_345_678)).toBe('11.8 MiB');
    expect(humanSize(150 * 1024 * 1024)).toBe('150 MiB');
    expect(humanSize(2 * 1024 ** 3)).toBe('2.0 GiB');
  });

  test('logSize: fixed decimals per unit (the cache log lines)', () => {
    expect(logSize(500)).toBe('0 KiB');
    expect(logSize(12 * 1024)).toBe('12 KiB');
    expect(logSize(901.6 * 1024 * 1024)).toBe('901.6 MiB');
    expect(logSize(1.25 * 1024 ** 3)).toBe('1.25 GiB');
  });

  test('durations', () => {
    expect(seconds(10_500)).toBe('10.5 s');
    expect(humanDuration(450)).toBe('450 ms');
    expect(humanDuration(12_340)).toBe('12.3 s');
    expect(humanDuration(83_400)).toBe('1m 23s');
    expect(humanDuration(undefined)).toBe(DASH);
    expect(humanDuration(-1)).toBe(DASH);
  });
});
