import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { fetchAuthState, signOut as signOutRequest, type AuthState } from '../api/auth-api.ts';
import { unauthenticatedEvent } from '../api/http-client.ts';

interface Auth {
  state: AuthState | null;
  loading: boolean;
  error: unknown;
  /** Re-reads /console/api/auth/state (after setup, sign-in, or a 401). */
  refresh(): Promise<void>;
  signOut(): Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);

  const refresh = useCallback(async () => {
    setLoading(true);
    try {
      setState(await fetchAuthState());
      setError(null);
    } catch (caught) {
      setError(caught);
    } finally {
      setLoading(false);
    }
  }, []);

  const signOut = useCallback(async () => {
    try {
      await signOutRequest();
    } finally {
      await refresh();
    }
  }, [refresh]);

  useEffect(() => {
    void refresh();
    // A 401 from any call (an expired or revoked session) re-checks the state: the gate then shows sign-in.
    const onUnauthenticated = () => void refresh();
    window.addEventListener(unauthenticatedEvent, onUnauthenticated);
    return () => window.removeEventListener(unauthenticatedEvent, onUnauthenticated);
  }, [refresh]);

  const value = useMemo(() => ({ state, loading, error, refresh, signOut }), [state, loading, error, refresh, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth needs an AuthProvider');
  return auth;
}
