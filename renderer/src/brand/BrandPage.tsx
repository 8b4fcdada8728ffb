import { QueryState } from '../data/QueryState';
import { BrandForm } from './BrandForm';
import { useProfile } from './use-profile';

/** The business profile: who the owner is, so every post sounds like them. */
export function BrandPage() {
  const profile = useProfile();
  return (
    <>
      <header className="page-header">
        <h1>Brand</h1>
      </header>
      <p className="lead">Tell AgencyIQ about your business. It uses this to keep your posts in your own voice.</p>
      <QueryState query={profile} loading="Loading your business profile…" action="load your business profile">
        {(saved) => <BrandForm saved={saved} />}
      </QueryState>
    </>
  );
}
