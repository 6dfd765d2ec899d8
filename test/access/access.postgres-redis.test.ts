import { PG_ADMIN_URL, REDIS_TEST_URL, serviceAnswers } from '../support/env';
import { describeAccess } from './access.suite';

describeAccess({ dialect: 'postgresql', redis: true }, async () => (await serviceAnswers('PostgreSQL', PG_ADMIN_URL)) && (await serviceAnswers('Redis', REDIS_TEST_URL)));
