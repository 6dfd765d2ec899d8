import { describeSignIn } from './sign-in.suite';

describeSignIn('sqlite', async () => true);
