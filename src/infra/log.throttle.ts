import type { Logger } from './logger';

/**
 * A warning that may repeat thousands of times a second (Redis down under load) is written at most
 * once per `intervalMs`, with the number of repeats it stands for.
 */
export function throttledWarning(logger: Logger, message: string, intervalMs = 10_000): (err: unknown) => void {
  let last = 0;
  let suppressed = 0;
  return (err: unknown) => {
    const now = Date.now();
    if (now - last < intervalMs) {
      suppressed++;
      return;
    }
    logger.warn({ err, repeats: suppressed }, message);
    last = now;
    suppressed = 0;
  };
}
