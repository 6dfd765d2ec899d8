import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';

/** 32 bytes that are not all alike, so hex and base64 decoding can be told apart. */
const PEPPER = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + 11) % 256));

const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
};

const problemFor = (problems: string[], variable: string): string | undefined =>
  problems.find((p) => p.startsWith(`${variable}:`));

describe('loadConfig', () => {
  describe('defaults', () => {
    const config = loadConfig({});

    it('listens on port 4000', () => {
      expect(config.port).toBe(4000);
    });

    it('keeps data in ./data, resolved against the working directory', () => {
      expect(config.dataDir).toBe(path.resolve(process.cwd(), 'data'));
      expect(path.isAbsolute(config.dataDir)).toBe(true);
    });

    it('uses the embedded SQLite inside the data folder when DATABASE_URL is unset', () => {
      expect(config.databaseUrl).toBeNull();
      expect(path.dirname(config.sqlitePath)).toBe(config.dataDir);
    });

    it('uses the in-memory adapters when REDIS_URL is unset', () => {
      expect(config.redisUrl).toBeNull();
    });

    it('runs as development at log level info, with no configured pepper', () => {
      expect([config.env, config.logLevel, config.pinPepper]).toEqual(['development', 'info', null]);
    });
  });

  describe('METRICS_PORT and METRICS_HOST', () => {
    it('serve metrics on 127.0.0.1:9464 by default, as Prometheus exporters do', () => {
      const config = loadConfig({});
      expect([config.metricsHost, config.metricsPort]).toEqual(['127.0.0.1', 9464]);
    });

    it('take a port from 0 (any free port) to 65535 and a host', () => {
      expect(loadConfig({ METRICS_PORT: '0' }).metricsPort).toBe(0);
      expect(loadConfig({ METRICS_PORT: '65535', METRICS_HOST: '0.0.0.0' })).toMatchObject({ metricsPort: 65535, metricsHost: '0.0.0.0' });
    });

    it('treat blank as unset', () => {
      expect(loadConfig({ METRICS_PORT: ' ', METRICS_HOST: '' })).toMatchObject({ metricsPort: 9464, metricsHost: '127.0.0.1' });
    });

    it.each(['-1', '65536', 'abc', '80.5'])('refuse METRICS_PORT=%s', (port) => {
      expect(problemFor(problemsOf({ METRICS_PORT: port }), 'METRICS_PORT')).toBeDefined();
    });

    it('refuse the API port, but let both be 0', () => {
      expect(problemFor(problemsOf({ PORT: '8080', METRICS_PORT: '8080' }), 'METRICS_PORT')).toBeDefined();
      expect(loadConfig({ PORT: '0', METRICS_PORT: '0' })).toMatchObject({ port: 0, metricsPort: 0 });
    });
  });

  it('treats empty variables as unset', () => {
    const config = loadConfig({ PORT: '', DATABASE_URL: '', REDIS_URL: '', PIN_PEPPER: '' });
    expect([config.port, config.databaseUrl, config.redisUrl, config.pinPepper]).toEqual([4000, null, null, null]);
  });

  it('resolves a relative DATA_DIR and puts the SQLite file inside it', () => {
    const config = loadConfig({ DATA_DIR: 'var/pingate' });
    expect(config.dataDir).toBe(path.resolve(process.cwd(), 'var/pingate'));
    expect(path.dirname(config.sqlitePath)).toBe(config.dataDir);
  });

  it('takes postgres:// and postgresql:// database URLs and redis:// and rediss:// Redis URLs', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db/pingate' }).databaseUrl).toBe('postgres://u:p@db/pingate');
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/pingate' }).databaseUrl).toBe('postgresql://db/pingate');
    expect(loadConfig({ REDIS_URL: 'redis://cache:6379' }).redisUrl).toBe('redis://cache:6379');
    expect(loadConfig({ REDIS_URL: 'rediss://cache:6380' }).redisUrl).toBe('rediss://cache:6380');
  });

  it('reads PORT as a number', () => {
    expect(loadConfig({ PORT: '8080' }).port).toBe(8080);
  });

  describe('sign-in settings', () => {
    it('defaults PUBLIC_URL to http://localhost:$PORT, sessions to 12 h and TRUST_PROXY to off', () => {
      const config = loadConfig({ PORT: '8080' });
      expect([config.publicUrl, config.sessionTtlHours, config.trustProxy]).toEqual(['http://localhost:8080', 12, false]);
    });

    it('keeps PUBLIC_URL as an origin (a trailing slash dropped) and reads TRUST_PROXY and SESSION_TTL_HOURS', () => {
      const config = loadConfig({ PUBLIC_URL: 'https://pins.example.com:8443/', TRUST_PROXY: 'true', SESSION_TTL_HOURS: '720' });
      expect([config.publicUrl, config.trustProxy, config.sessionTtlHours]).toEqual(['https://pins.example.com:8443', true, 720]);
    });

    it.each(['pins.example.com', 'ftp://pins.example.com', 'https://pins.example.com/console', 'https://pins.example.com?x=1', 'https://pins.example.com#a', 'https://u:p@pins.example.com'])(
      'refuses PUBLIC_URL=%s',
      (value) => {
        expect(problemFor(problemsOf({ PUBLIC_URL: value }), 'PUBLIC_URL')).toBeDefined();
      },
    );

    it('refuses SESSION_TTL_HOURS outside 1..720 and a TRUST_PROXY that is not a boolean', () => {
      const problems = problemsOf({ SESSION_TTL_HOURS: '0', TRUST_PROXY: 'yes' });
      expect(problemFor(problems, 'SESSION_TTL_HOURS')).toBeDefined();
      expect(problemFor(problems, 'TRUST_PROXY')).toBeDefined();
      expect(problemFor(problemsOf({ SESSION_TTL_HOURS: '721' }), 'SESSION_TTL_HOURS')).toBeDefined();
    });
  });

  describe('EVENT_RETENTION_DAYS', () => {
    it('keeps events 365 days by default', () => {
      expect(loadConfig({}).eventRetentionDays).toBe(365);
    });

    it('reads a whole number of days from 1 to 36500', () => {
      expect(loadConfig({ EVENT_RETENTION_DAYS: '1' }).eventRetentionDays).toBe(1);
      expect(loadConfig({ EVENT_RETENTION_DAYS: '90' }).eventRetentionDays).toBe(90);
      expect(loadConfig({ EVENT_RETENTION_DAYS: '36500' }).eventRetentionDays).toBe(36500);
    });

    it.each(['0', '-5', '36501', '1.5', 'forever'])('refuses %s', (value) => {
      expect(problemFor(problemsOf({ EVENT_RETENTION_DAYS: value }), 'EVENT_RETENTION_DAYS')).toBeDefined();
    });
  });

  describe('PIN_PEPPER', () => {
    it('accepts 64 hex characters as 32 bytes', () => {
      expect(loadConfig({ PIN_PEPPER: PEPPER.toString('hex') }).pinPepper).toEqual(PEPPER);
    });

    it('accepts base64 of 32 bytes', () => {
      expect(loadConfig({ PIN_PEPPER: PEPPER.toString('base64') }).pinPepper).toEqual(PEPPER);
    });

    it('accepts base64 of more than 32 bytes', () => {
      const long = Buffer.concat([PEPPER, PEPPER.subarray(0, 16)]);
      expect(loadConfig({ PIN_PEPPER: long.toString('base64') }).pinPepper).toEqual(long);
    });

    it('refuses hex of 31 bytes', () => {
      expect(problemFor(problemsOf({ PIN_PEPPER: PEPPER.subarray(0, 31).toString('hex') }), 'PIN_PEPPER')).toBeDefined();
    });

    it('refuses base64 of 31 bytes', () => {
      expect(problemFor(problemsOf({ PIN_PEPPER: PEPPER.subarray(0, 31).toString('base64') }), 'PIN_PEPPER')).toBeDefined();
    });

    it('refuses text that is neither hex nor base64', () => {
      expect(problemFor(problemsOf({ PIN_PEPPER: 'not a pepper at all, this is a sentence!' }), 'PIN_PEPPER')).toBeDefined();
    });

    it('never repeats a refused pepper in the error', () => {
      const secret = 'c2VjcmV0LXBlcHBlcg';
      let message = '';
      try {
        loadConfig({ PIN_PEPPER: secret });
      } catch (error) {
        message = `${(error as Error).message}\n${(error as ConfigError).problems.join('\n')}`;
      }
      expect(message).toContain('PIN_PEPPER');
      expect(message).not.toContain(secret);
    });

    it('is required when NODE_ENV=production', () => {
      expect(problemFor(problemsOf({ NODE_ENV: 'production' }), 'PIN_PEPPER')).toBeDefined();
    });

    it('lets production start when it is given', () => {
      const config = loadConfig({ NODE_ENV: 'production', PIN_PEPPER: PEPPER.toString('hex') });
      expect([config.env, config.pinPepper]).toEqual(['production', PEPPER]);
    });
  });

  describe('PIN_PEPPER_VERSION and PIN_PEPPERS_PREVIOUS', () => {
    const OLD1 = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 53 + 7) % 256));
    const OLD2 = Buffer.from(Array.from({ length: 40 }, (_, i) => (i * 29 + 3) % 256));
    const errorText = (env: NodeJS.ProcessEnv): string => {
      try {
        loadConfig(env);
      } catch (error) {
        return `${(error as Error).message}\n${(error as ConfigError).problems.join('\n')}`;
      }
      throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
    };

    it('defaults to version 1 with no previous peppers', () => {
      const config = loadConfig({ PIN_PEPPER: PEPPER.toString('hex') });
      expect([config.pinPepperVersion, config.pinPeppersPrevious.size]).toEqual([1, 0]);
    });

    it('reads the current version and earlier peppers in hex and base64, by version', () => {
      const config = loadConfig({
        PIN_PEPPER: PEPPER.toString('hex'),
        PIN_PEPPER_VERSION: '3',
        PIN_PEPPERS_PREVIOUS: ` 1:${OLD1.toString('hex')}, 2:${OLD2.toString('base64')} `,
      });
      expect(config.pinPepperVersion).toBe(3);
      expect(config.pinPeppersPrevious).toEqual(new Map([[1, OLD1], [2, OLD2]]));
    });

    it('refuses a version that is not a positive integer', () => {
      for (const v of ['0', '-1', '1.5', 'two']) expect([v, problemFor(problemsOf({ PIN_PEPPER_VERSION: v }), 'PIN_PEPPER_VERSION')]).toEqual([v, expect.any(String)]);
    });

    it('refuses entries without a version, with a bad version or with a short or undecodable secret, never echoing the secret', () => {
      const cases = [OLD1.toString('hex'), `x:${OLD1.toString('hex')}`, `0:${OLD1.toString('hex')}`, `1:${OLD1.subarray(0, 31).toString('hex')}`, `1:${OLD1.toString('hex')}!`];
      for (const value of cases) {
        const text = errorText({ PIN_PEPPER: PEPPER.toString('hex'), PIN_PEPPER_VERSION: '2', PIN_PEPPERS_PREVIOUS: value });
        expect([value, problemFor(problemsOf({ PIN_PEPPER_VERSION: '2', PIN_PEPPERS_PREVIOUS: value }), 'PIN_PEPPERS_PREVIOUS')]).toEqual([value, expect.any(String)]);
        expect(text).not.toContain(OLD1.subarray(0, 31).toString('hex'));
        expect(text).not.toContain(OLD1.toString('base64').slice(0, 20));
      }
    });

    it('refuses a version given twice and the current version among the previous ones, naming versions only', () => {
      const twice = errorText({ PIN_PEPPER_VERSION: '3', PIN_PEPPERS_PREVIOUS: `1:${OLD1.toString('hex')},1:${OLD2.toString('hex')}` });
      expect(twice).toMatch(/PIN_PEPPERS_PREVIOUS: version 1 is given twice/);
      const current = errorText({ PIN_PEPPER_VERSION: '2', PIN_PEPPERS_PREVIOUS: `2:${OLD1.toString('hex')}` });
      expect(current).toMatch(/PIN_PEPPERS_PREVIOUS: version 2 is PIN_PEPPER_VERSION/);
      for (const text of [twice, current]) {
        expect(text).not.toContain(OLD1.toString('hex').slice(0, 16));
        expect(text).not.toContain(OLD2.toString('hex').slice(0, 16));
      }
    });

    it('reports every bad entry at once, alongside other problems', () => {
      const problems = problemsOf({ PORT: 'abc', PIN_PEPPERS_PREVIOUS: `nope,3:short,2:${OLD1.toString('hex')}` });
      expect(problemFor(problems, 'PORT')).toBeDefined();
      expect(problems.filter((p) => p.startsWith('PIN_PEPPERS_PREVIOUS:'))).toHaveLength(2);
    });
  });

  it('reports PORT=abc, DATABASE_URL=mysql://x, PIN_PEPPER=short and LOG_LEVEL=loud in one ConfigError', () => {
    const problems = problemsOf({ PORT: 'abc', DATABASE_URL: 'mysql://x', PIN_PEPPER: 'short', LOG_LEVEL: 'loud' });
    expect(problems).toHaveLength(4);
    for (const variable of ['PORT', 'DATABASE_URL', 'PIN_PEPPER', 'LOG_LEVEL']) {
      expect([variable, problemFor(problems, variable)]).toEqual([variable, expect.any(String)]);
    }
  });

  it('reports a missing production pepper alongside another bad value (every problem at once)', () => {
    const problems = problemsOf({ NODE_ENV: 'production', PORT: 'abc' });
    expect(problemFor(problems, 'PORT')).toBeDefined();
    expect(problemFor(problems, 'PIN_PEPPER')).toBeDefined();
  });

  it('refuses a port out of range and an unknown NODE_ENV', () => {
    expect(problemFor(problemsOf({ PORT: '70000' }), 'PORT')).toBeDefined();
    expect(problemFor(problemsOf({ NODE_ENV: 'staging' }), 'NODE_ENV')).toBeDefined();
  });

  it('names ConfigError and lists its problems in the message', () => {
    try {
      loadConfig({ LOG_LEVEL: 'loud' });
      throw new Error('loadConfig accepted LOG_LEVEL=loud');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).name).toBe('ConfigError');
      expect((error as ConfigError).message).toContain('LOG_LEVEL');
    }
  });
});
