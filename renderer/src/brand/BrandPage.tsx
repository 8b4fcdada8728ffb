import { useState } from 'react';
import { BrandForm } from './BrandForm';
import { useProfile } from './use-profile';

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
        <div className="notice notice-error" role="alert">
          <p>We couldn’t load your business profile. {loaded.message}</p>
          <p className="actions">
            <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
              Try again
            </button>
          </p>
        </div>
      )}
      {loaded.state === 'ready' && <BrandForm saved={loaded.profile} />}
    </>
  );
}
