import { useState } from 'react';
import { BrandForm } from './BrandForm';
import { useProfile } from './use-profile';
import { LoadFailed } from '../ui/LoadFailed';

/** The business profile: who the owner is, so every post sounds like them. */
export function BrandPage() {
  const [attempt, setAttempt] = useState(0);
  const loaded = useProfile(attempt);
  return (
    <>
      <header className="page-header">
        <h1>Brand</h1>
      </header>
      <p className="lead">Tell AgencyIQ about your business. It uses this to keep your posts in your own voice.</p>
      {loaded.state === 'loading' && (
        <p role="status" className="loading">
          Loading your business profile…
        </p>
      )}
      {loaded.state === 'error' && (
        <LoadFailed action="load your business profile" message={loaded.message} onRetry={() => setAttempt((n) => n + 1)} />
      )}
      {loaded.state === 'ready' && <BrandForm saved={loaded.profile} />}
    </>
  );
}
