import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { AppLayout } from './components/app-layout';
import { DemoBanner } from './components/demo-banner';
import { RequireAuth, RequirePermission } from './components/guards';
import { PageLoading } from './components/page-loading';
import { SessionEvents, useSession } from './session';

const LoginPage = lazy(() => import('./pages/login'));
const SelfCheckPage = lazy(() => import('./pages/self-check'));
const ScoreLookupPage = lazy(() => import('./pages/score-lookup'));
const ScoresPage = lazy(() => import('./pages/scores'));
const CertificatesPage = lazy(() => import('./pages/certificates'));
const VerifyPage = lazy(() => import('./pages/verify'));
const PublicityPage = lazy(() => import('./pages/publicity'));
const ExpertsPage = lazy(() => import('./pages/experts'));
const PanelsPage = lazy(() => import('./pages/panels'));
const PanelDetailPage = lazy(() => import('./pages/panel-detail'));
const MyReviewPage = lazy(() => import('./pages/my-review'));
const PublicityPublicPage = lazy(() => import('./pages/publicity-public'));
const ScoreReviewsPage = lazy(() => import('./pages/score-reviews'));
const WorkCalendarPage = lazy(() => import('./pages/work-calendar'));
const ChangePasswordPage = lazy(() => import('./pages/change-password'));
const HomePage = lazy(() => import('./pages/home'));
const OrgPage = lazy(() => import('./pages/org'));
const AccountsPage = lazy(() => import('./pages/accounts'));
const AuditPage = lazy(() => import('./pages/audit'));
const ForbiddenPage = lazy(() => import('./pages/forbidden'));
const RegisterPage = lazy(() => import('./pages/register'));
const ResetPasswordPage = lazy(() => import('./pages/reset-password'));
const CampaignsPage = lazy(() => import('./pages/campaigns'));
const CampaignDetailPage = lazy(() => import('./pages/campaign-detail'));
const CatalogPage = lazy(() => import('./pages/catalog'));
const ApplicationsPage = lazy(() => import('./pages/applications'));
const ApplicationFormPage = lazy(() => import('./pages/application-form'));
const ApplicationPrintPage = lazy(() => import('./pages/application-print'));
const MyApplicationPage = lazy(() => import('./pages/my-application'));
const ReviewPage = lazy(() => import('./pages/review'));
const ReviewBatchesPage = lazy(() => import('./pages/review-batches'));
const ReviewBatchPage = lazy(() => import('./pages/review-batch'));
const StatisticsPage = lazy(() => import('./pages/statistics'));
const NotificationsPage = lazy(() => import('./pages/notifications'));
const BanksPage = lazy(() => import('./pages/banks'));
const BankDetailPage = lazy(() => import('./pages/bank-detail'));
const BankItemPage = lazy(() => import('./pages/bank-item'));
const BankItemEditorPage = lazy(() => import('./pages/bank-item-editor'));
const BankQueuePage = lazy(() => import('./pages/bank-queue'));
const BlueprintsPage = lazy(() => import('./pages/blueprints'));
const BlueprintEditorPage = lazy(() => import('./pages/blueprint-editor'));
const PapersPage = lazy(() => import('./pages/papers'));
const ItemAnalysisPage = lazy(() => import('./pages/item-analysis'));
const PaperPage = lazy(() => import('./pages/paper'));
const CentresPage = lazy(() => import('./pages/centres'));
const CentrePage = lazy(() => import('./pages/centre'));
const RoomPage = lazy(() => import('./pages/room'));
const SeatCheckPage = lazy(() => import('./pages/seat-check'));
const SessionsPage = lazy(() => import('./pages/sessions'));
const TrainingPage = lazy(() => import('./pages/training'));
const TrainingClassPage = lazy(() => import('./pages/training-class'));
const TrainingPrintPage = lazy(() => import('./pages/training-print'));
const SeatingPage = lazy(() => import('./pages/seating'));
const SeatingRoomPage = lazy(() => import('./pages/seating-room'));
const ProctorPage = lazy(() => import('./pages/proctor'));
const ProctorRoomPage = lazy(() => import('./pages/proctor-room'));
const InspectionPage = lazy(() => import('./pages/inspection'));
const NotFoundPage = lazy(() => import('./pages/not-found'));

/** Unknown paths: inside the app frame for signed-in users, bare otherwise. */
function NotFoundRoute() {
  const { user, loading } = useSession();
  if (loading) return <PageLoading />;
  if (user && !user.mustChangePassword) {
    return (
      <AppLayout>
        <NotFoundPage />
      </AppLayout>
    );
  }
  return <NotFoundPage />;
}

export function App() {
  return (
    <div className="gk-root">
      <DemoBanner />
      <SessionEvents />
      <Suspense fallback={<PageLoading />}>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/self-check" element={<SelfCheckPage />} />
          <Route path="/score-lookup" element={<ScoreLookupPage />} />
          <Route path="/verify" element={<VerifyPage />} />
          <Route path="/publicity" element={<PublicityPublicPage />} />
          <Route path="/register" element={<RegisterPage />} />
          <Route path="/reset-password" element={<ResetPasswordPage />} />
          <Route
            path="/applications/:id/print"
            element={
              <RequireAuth>
                <ApplicationPrintPage />
              </RequireAuth>
            }
          />
          <Route
            path="/training/:id/print"
            element={
              <RequireAuth>
                <TrainingPrintPage />
              </RequireAuth>
            }
          />
          <Route
            path="/change-password"
            element={
              <RequireAuth allowPasswordChange>
                <ChangePasswordPage />
              </RequireAuth>
            }
          />
          <Route
            element={
              <RequireAuth>
                <AppLayout />
              </RequireAuth>
            }
          >
            <Route index element={<HomePage />} />
            <Route
              path="org"
              element={
                <RequirePermission permission="org.read">
                  <OrgPage />
                </RequirePermission>
              }
            />
            <Route
              path="accounts"
              element={
                <RequirePermission permission="account.read">
                  <AccountsPage />
                </RequirePermission>
              }
            />
            <Route
              path="audit"
              element={
                <RequirePermission permission="audit.read">
                  <AuditPage />
                </RequirePermission>
              }
            />
            <Route
              path="campaigns"
              element={
                <RequirePermission permission="campaign.read">
                  <CampaignsPage />
                </RequirePermission>
              }
            />
            <Route
              path="campaigns/:id"
              element={
                <RequirePermission permission="campaign.read">
                  <CampaignDetailPage />
                </RequirePermission>
              }
            />
            <Route
              path="catalog"
              element={
                <RequirePermission permission="campaign.read">
                  <CatalogPage />
                </RequirePermission>
              }
            />
            <Route
              path="applications"
              element={
                <RequirePermission permission="application.read">
                  <ApplicationsPage />
                </RequirePermission>
              }
            />
            <Route
              path="applications/:id"
              element={
                <RequirePermission permission="application.read">
                  <ApplicationFormPage />
                </RequirePermission>
              }
            />
            <Route
              path="my-application"
              element={
                <RequirePermission permission="application.self">
                  <MyApplicationPage />
                </RequirePermission>
              }
            />
            <Route
              path="review"
              element={
                <RequirePermission permission="review.act">
                  <ReviewPage />
                </RequirePermission>
              }
            />
            <Route
              path="review/batches"
              element={
                <RequirePermission permission="review.act">
                  <ReviewBatchesPage />
                </RequirePermission>
              }
            />
            <Route
              path="review/batches/:id"
              element={
                <RequirePermission permission="review.act">
                  <ReviewBatchPage />
                </RequirePermission>
              }
            />
            <Route
              path="scores"
              element={
                <RequirePermission permission="scores.read">
                  <ScoresPage />
                </RequirePermission>
              }
            />
            <Route
              path="certificates"
              element={
                <RequirePermission permission="certificates.read">
                  <CertificatesPage />
                </RequirePermission>
              }
            />
            <Route
              path="publicity-manage"
              element={
                <RequirePermission permission="publicity.manage">
                  <PublicityPage />
                </RequirePermission>
              }
            />
            <Route
              path="experts"
              element={
                <RequirePermission permission="panel.manage">
                  <ExpertsPage />
                </RequirePermission>
              }
            />
            <Route
              path="panels"
              element={
                <RequirePermission permission="panel.manage">
                  <PanelsPage />
                </RequirePermission>
              }
            />
            <Route
              path="panels/:id"
              element={
                <RequirePermission permission="panel.manage">
                  <PanelDetailPage />
                </RequirePermission>
              }
            />
            <Route
              path="my-review"
              element={
                <RequirePermission permission="panel.score">
                  <MyReviewPage />
                </RequirePermission>
              }
            />
            <Route path="score-reviews" element={<ScoreReviewsPage />} />
            <Route path="calendar" element={<WorkCalendarPage />} />
            <Route
              path="statistics"
              element={
                <RequirePermission permission="statistics.read">
                  <StatisticsPage />
                </RequirePermission>
              }
            />
            <Route
              path="banks"
              element={
                <RequirePermission permission="bank.read">
                  <BanksPage />
                </RequirePermission>
              }
            />
            <Route
              path="banks/:id"
              element={
                <RequirePermission permission="bank.read">
                  <BankDetailPage />
                </RequirePermission>
              }
            />
            <Route
              path="banks/:id/items/new"
              element={
                <RequirePermission permission="bank.manage">
                  <BankItemEditorPage />
                </RequirePermission>
              }
            />
            <Route
              path="bank-queue"
              element={
                <RequirePermission permission="bank.read">
                  <BankQueuePage />
                </RequirePermission>
              }
            />
            <Route
              path="bank-items/:id"
              element={
                <RequirePermission permission="bank.read">
                  <BankItemPage />
                </RequirePermission>
              }
            />
            <Route
              path="bank-items/:itemId/edit"
              element={
                <RequirePermission permission="bank.manage">
                  <BankItemEditorPage />
                </RequirePermission>
              }
            />
            <Route
              path="centres"
              element={
                <RequirePermission permission="centre.read">
                  <CentresPage />
                </RequirePermission>
              }
            />
            <Route
              path="centres/:id"
              element={
                <RequirePermission permission="centre.read">
                  <CentrePage />
                </RequirePermission>
              }
            />
            <Route
              path="rooms/:id"
              element={
                <RequirePermission permission="centre.read">
                  <RoomPage />
                </RequirePermission>
              }
            />
            <Route
              path="seat-check"
              element={
                <RequirePermission permission="seat.check">
                  <SeatCheckPage />
                </RequirePermission>
              }
            />
            <Route
              path="blueprints"
              element={
                <RequirePermission permission="bank.read">
                  <BlueprintsPage />
                </RequirePermission>
              }
            />
            <Route
              path="blueprints/:id"
              element={
                <RequirePermission permission="bank.read">
                  <BlueprintEditorPage />
                </RequirePermission>
              }
            />
            <Route
              path="item-analysis"
              element={
                <RequirePermission permission="bank.read">
                  <ItemAnalysisPage />
                </RequirePermission>
              }
            />
            <Route
              path="papers"
              element={
                <RequirePermission permission="bank.read">
                  <PapersPage />
                </RequirePermission>
              }
            />
            <Route
              path="papers/:id"
              element={
                <RequirePermission permission="bank.read">
                  <PaperPage />
                </RequirePermission>
              }
            />
            <Route
              path="sessions"
              element={
                <RequirePermission permission="campaign.manage">
                  <SessionsPage />
                </RequirePermission>
              }
            />
            <Route
              path="training"
              element={
                <RequirePermission permission="training.manage">
                  <TrainingPage />
                </RequirePermission>
              }
            />
            <Route
              path="training/:id"
              element={
                <RequirePermission permission="training.manage">
                  <TrainingClassPage />
                </RequirePermission>
              }
            />
            <Route
              path="seating"
              element={
                <RequirePermission permission="seating.read">
                  <SeatingPage />
                </RequirePermission>
              }
            />
            <Route
              path="seating/rooms/:roomId/sessions/:sessionId"
              element={
                <RequirePermission permission="seating.read">
                  <SeatingRoomPage />
                </RequirePermission>
              }
            />
            <Route
              path="proctor"
              element={
                <RequirePermission permission="exam.proctor">
                  <ProctorPage />
                </RequirePermission>
              }
            />
            <Route
              path="proctor/sessions/:sessionId/rooms/:roomId"
              element={
                <RequirePermission permission="exam.proctor">
                  <ProctorRoomPage />
                </RequirePermission>
              }
            />
            <Route
              path="inspection"
              element={
                <RequirePermission permission="exam.inspect">
                  <InspectionPage />
                </RequirePermission>
              }
            />
            <Route path="notifications" element={<NotificationsPage />} />
            <Route path="403" element={<ForbiddenPage />} />
          </Route>
          <Route path="*" element={<NotFoundRoute />} />
        </Routes>
      </Suspense>
    </div>
  );
}
