import { describeRetention } from './event-retention.suite';

describeRetention('sqlite', async () => true);
