import { PG_ADMIN_URL, serviceAnswers } from '../support/env';
import { describeOfflineBridges } from './offline.suite';

describeOfflineBridges('postgresql', () => serviceAnswers('PostgreSQL', PG_ADMIN_URL));
