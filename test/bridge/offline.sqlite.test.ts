import { describeOfflineBridges } from './offline.suite';

describeOfflineBridges('sqlite', async () => true);
