import { SignInScreen } from '../features/sign-in/SignInScreen';
import { useSession } from './services';
import { Shell } from './Shell';

export function App() {
  const mode = useSession((s) => s.mode);
  const token = useSession((s) => s.token);
  // The desktop never signs in: the main process acts as the console owner.
  if (mode === 'browser' && !token) return <SignInScreen />;
  // Keyed by who is signed in: a sign-in link for someone else starts the screens afresh.
  return <Shell key={token ?? mode} />;
}
