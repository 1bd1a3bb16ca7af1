import ReportList from './ReportList';

/** The administrators' queue: reports waiting for validation (`/reports/review`). */
export default function ReviewQueue() {
  return <ReportList review />;
}
