import { describeDomain } from './domain.suite';

describeDomain('sqlite', async () => true);
