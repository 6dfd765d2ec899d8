import { PG_ADMIN_URL, REDIS_TEST_URL, serviceAnswers } from '../support/env';
import { describeAdminApi } from './admin-api.suite';

describeAdminApi('postgresql', async () => (await serviceAnswers('PostgreSQL', PG_ADMIN_URL)) && (await serviceAnswers('Redis', REDIS_TEST_URL)), REDIS_TEST_URL);
