/**
 * PINs refused whatever the policy, besides the patterns of pin.strength.ts (DESIGN.md rule 7).
 * The 20 most common 4-digit PINs (DataGenetics, 27% of people) and the lines people draw on a keypad.
 */
export const COMMON_PINS: readonly string[] = [
  '1234', '1111', '0000', '1212', '7777', '1004', '2000', '4444', '2222', '6969',
  '9999', '3333', '5555', '6666', '1122', '1313', '8888', '4321', '2001', '1010',
];

/** Straight lines, crosses and zig-zags on the 3x4 keypad, read either way. */
export const KEYPAD_LINES: readonly string[] = [
  '2580', '0852', '1470', '0741', '3690', '0963', '1590', '0951', '3570', '0753',
  '7531', '1357', '9513', '3159', '1379', '9731', '7913', '3197', '2468', '8642',
  '1478', '8741', '3698', '8963', '1236', '6321', '7894', '4987', '1793', '3971',
  '159753', '357951', '147258', '852741', '258369', '963852', '369258', '852963',
  '147369', '963741', '123654', '456321', '789456', '654987', '147852', '258741',
  '159357', '753951', '147963', '369741', '2580258', '14702580', '25803690',
];
