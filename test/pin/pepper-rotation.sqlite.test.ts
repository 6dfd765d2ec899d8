import { describePepperRotation } from './pepper-rotation.suite';

describePepperRotation({ dialect: 'sqlite', redis: false }, async () => true);
