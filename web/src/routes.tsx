/**
 * Every page of the app. Each page is its own chunk (React.lazy) so a visitor downloads only
 * the shell and the page they open.
 */
import { lazy, type ReactNode } from 'react';
import { createBrowserRouter } from 'react-router';
import type { Role } from './api/types';
import { RequireRole } from './auth/RequireRole';
import { ROLES } from './auth/roles';
import { Root, RootError } from './Root';

const HomePage = lazy(() => import('./pages/HomePage'));
const LoginPage = lazy(() => import('./pages/LoginPage'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'));
const OrganisationList = lazy(() => import('./pages/organisations/OrganisationList'));
const OrganisationForm = lazy(() => import('./pages/organisations/OrganisationForm'));
const UserList = lazy(() => import('./pages/admin/users/UserList'));
const UserForm = lazy(() => import('./pages/admin/users/UserForm'));
const TokenList = lazy(() => import('./pages/admin/tokens/TokenList'));
const AuditLog = lazy(() => import('./pages/admin/audit/AuditLog'));
const ActorList = lazy(() => import('./pages/actors/ActorList'));
const ActorDetail = lazy(() => import('./pages/actors/ActorDetail'));
const ActorForm = lazy(() => import('./pages/actors/ActorForm'));
const ActorImport = lazy(() => import('./pages/actors/ActorImport'));
const ChangeRequests = lazy(() => import('./pages/actors/ChangeRequests'));
const Duplicates = lazy(() => import('./pages/actors/Duplicates'));
const NationalOverview = lazy(() => import('./pages/dashboards/NationalOverview'));
const TerritoryPage = lazy(() => import('./pages/dashboards/TerritoryPage'));
const ConventionList = lazy(() => import('./pages/conventions/ConventionList'));
const ConventionDetail = lazy(() => import('./pages/conventions/ConventionDetail'));
const ConventionForm = lazy(() => import('./pages/conventions/ConventionForm'));
const CommitmentPage = lazy(() => import('./pages/conventions/CommitmentPage'));
const CommitmentForm = lazy(() => import('./pages/conventions/CommitmentForm'));
const IndicatorList = lazy(() => import('./pages/indicators/IndicatorList'));
const IndicatorDetail = lazy(() => import('./pages/indicators/IndicatorDetail'));
const IndicatorForm = lazy(() => import('./pages/indicators/IndicatorForm'));
const TargetsEditor = lazy(() => import('./pages/indicators/TargetsEditor'));
const ReportList = lazy(() => import('./pages/indicators/ReportList'));
const ReviewQueue = lazy(() => import('./pages/indicators/ReviewQueue'));
const ReportForm = lazy(() => import('./pages/indicators/ReportForm'));
const ReportDetail = lazy(() => import('./pages/indicators/ReportDetail'));
const ProgrammeList = lazy(() => import('./pages/programmes/ProgrammeList'));
const ProgrammeDetail = lazy(() => import('./pages/programmes/ProgrammeDetail'));
const CallPage = lazy(() => import('./pages/programmes/CallPage'));
const ProgrammeForm = lazy(() => import('./pages/programmes/ProgrammeForm'));
const CallForm = lazy(() => import('./pages/programmes/CallForm'));
const BenefitList = lazy(() => import('./pages/programmes/BenefitList'));
const BenefitDetail = lazy(() => import('./pages/programmes/BenefitDetail'));
const ApplicationList = lazy(() => import('./pages/programmes/ApplicationList'));
const ApplicationDetail = lazy(() => import('./pages/programmes/ApplicationDetail'));

const ADMIN: readonly Role[] = ['admin'];
/** Who registers actors (an actor edits its own record but registers none). */
const REGISTRARS: readonly Role[] = ['admin', 'territorial'];
const EDITORS: readonly Role[] = ['admin', 'territorial', 'actor'];
/** Who reports indicator values (a partner on its own commitments; an administrator on behalf). */
const REPORTERS: readonly Role[] = ['admin', 'partner'];
/** Who reads reports in every status (territorial users: their territory's). */
const REPORT_READERS: readonly Role[] = ['admin', 'partner', 'territorial'];
/** Who manages programmes and calls (a partner: its own organisation's). */
const MANAGERS: readonly Role[] = ['admin', 'partner'];
const guard = (roles: readonly Role[], page: ReactNode) => <RequireRole roles={roles}>{page}</RequireRole>;

export const router = createBrowserRouter([
  {
    element: <Root />,
    errorElement: <RootError />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'login', element: <LoginPage /> },
      { path: 'overview', element: <NationalOverview /> },
      { path: 'territories/:code', element: <TerritoryPage /> },
      { path: 'conventions', element: <ConventionList /> },
      { path: 'conventions/new', element: guard(ADMIN, <ConventionForm />) },
      { path: 'conventions/:id', element: <ConventionDetail /> },
      { path: 'conventions/:id/edit', element: guard(ADMIN, <ConventionForm />) },
      { path: 'conventions/:conventionId/commitments/new', element: guard(ADMIN, <CommitmentForm />) },
      { path: 'commitments/:id', element: <CommitmentPage /> },
      { path: 'commitments/:id/edit', element: guard(ADMIN, <CommitmentForm />) },
      { path: 'indicators', element: <IndicatorList /> },
      { path: 'indicators/new', element: guard(ADMIN, <IndicatorForm />) },
      { path: 'indicators/:id', element: <IndicatorDetail /> },
      { path: 'indicators/:id/edit', element: guard(ADMIN, <IndicatorForm />) },
      { path: 'indicators/:id/targets', element: guard(ADMIN, <TargetsEditor />) },
      { path: 'reports', element: guard(REPORT_READERS, <ReportList />) },
      { path: 'reports/new', element: guard(REPORTERS, <ReportForm />) },
      { path: 'reports/review', element: guard(ADMIN, <ReviewQueue />) },
      { path: 'reports/:id', element: guard(REPORT_READERS, <ReportDetail />) },
      { path: 'programmes', element: <ProgrammeList /> },
      { path: 'programmes/new', element: guard(MANAGERS, <ProgrammeForm />) },
      { path: 'programmes/:id', element: <ProgrammeDetail /> },
      { path: 'programmes/:id/calls/new', element: guard(MANAGERS, <CallForm />) },
      { path: 'programmes/:id/edit', element: guard(MANAGERS, <ProgrammeForm />) },
      { path: 'programmes/:id/benefits', element: guard(MANAGERS, <BenefitList />) },
      { path: 'benefits/:id', element: guard(MANAGERS, <BenefitDetail />) },
      { path: 'calls/:id', element: <CallPage /> },
      { path: 'calls/:id/edit', element: guard(MANAGERS, <CallForm edit />) },
      { path: 'applications', element: guard(ROLES, <ApplicationList />) },
      { path: 'applications/:id', element: guard(ROLES, <ApplicationDetail />) },
      { path: 'organisations', element: guard(ROLES, <OrganisationList />) },
      { path: 'organisations/new', element: guard(ADMIN, <OrganisationForm />) },
      { path: 'organisations/:id/edit', element: guard(ADMIN, <OrganisationForm />) },
      { path: 'actors', element: guard(ROLES, <ActorList />) },
      { path: 'actors/new', element: guard(REGISTRARS, <ActorForm />) },
      { path: 'actors/import', element: guard(REGISTRARS, <ActorImport />) },
      { path: 'actors/change-requests', element: guard(ADMIN, <ChangeRequests />) },
      { path: 'actors/duplicates', element: guard(ADMIN, <Duplicates />) },
      { path: 'actors/:id', element: guard(ROLES, <ActorDetail />) },
      { path: 'actors/:id/edit', element: guard(EDITORS, <ActorForm />) },
      { path: 'admin/users', element: guard(ADMIN, <UserList />) },
      { path: 'admin/users/new', element: guard(ADMIN, <UserForm />) },
      { path: 'admin/tokens', element: guard(ADMIN, <TokenList />) },
      { path: 'admin/audit', element: guard(ADMIN, <AuditLog />) },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
