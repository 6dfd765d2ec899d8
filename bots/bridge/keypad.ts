import readline from 'node:readline';
import type { Readable } from 'node:stream';
import { describeDecision, type AccessClient } from './access.client';
import { AccessError } from './api.client';

/** Anything that answers a PIN with the line the keypad shows (a `Door`), or PinGate alone. */
export type PinAnswerer = { answer(pin: string): Promise<string> } | AccessClient;

const answerOf = async (door: PinAnswerer, pin: string): Promise<string> => ('answer' in door ? door.answer(pin) : describeDecision(await door.check(pin)));

/**
 * A keypad on stdin: each line is a PIN typed at the door. Answers are printed one per line, in
 * the order the PINs were typed (a keypad takes one PIN at a time). The digits are never printed.
 */
export async function runKeypad(input: Readable, door: PinAnswerer, print: (line: string) => void): Promise<void> {
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    const pin = line.trim();
    if (pin === '') continue;
    if (!/^\d{1,12}$/.test(pin)) {
      print('DENIED (digits only)');
      continue;
    }
    try {
      print(await answerOf(door, pin));
    } catch (err) {
      print(err instanceof AccessError ? `DENIED (${err.code})` : 'DENIED (ERROR)');
    }
  }
}
