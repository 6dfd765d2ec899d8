import { PG_ADMIN_URL, REDIS_TEST_URL, serviceAnswers } from '../support/env';
import { describePepperRotation } from './pepper-rotation.suite';

describePepperRotation({ dialect: 'postgresql', redis: true }, async () => (await serviceAnswers('PostgreSQL', PG_ADMIN_URL)) && (await serviceAnswers('Redis', REDIS_TEST_URL)));
