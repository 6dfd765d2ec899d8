import { describePinLengthCounts } from './pin-length.suite';

describePinLengthCounts('sqlite', async () => true);
