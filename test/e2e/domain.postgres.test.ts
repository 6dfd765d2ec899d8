import { PG_ADMIN_URL, serviceAnswers } from '../support/env';
import { describeDomain } from './domain.suite';

describeDomain('postgresql', () => serviceAnswers('PostgreSQL', PG_ADMIN_URL));
