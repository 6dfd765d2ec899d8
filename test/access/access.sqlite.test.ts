import { describeAccess } from './access.suite';

describeAccess({ dialect: 'sqlite', redis: false }, async () => true);
