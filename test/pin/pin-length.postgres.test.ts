import { PG_ADMIN_URL, serviceAnswers } from '../support/env';
import { describePinLengthCounts } from './pin-length.suite';

describePinLengthCounts('postgresql', () => serviceAnswers('PostgreSQL', PG_ADMIN_URL));
