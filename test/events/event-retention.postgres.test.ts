import { PG_ADMIN_URL, serviceAnswers } from '../support/env';
import { describeRetention } from './event-retention.suite';

describeRetention('postgresql', () => serviceAnswers('PostgreSQL', PG_ADMIN_URL));
