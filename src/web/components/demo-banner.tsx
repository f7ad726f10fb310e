import { ExperimentOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { authApi, queryKeys } from '../api/endpoints';

/** The config every page needs (app name, version, demo mode); fetched once. */
export function usePublicConfig() {
  return useQuery({ queryKey: queryKeys.config, queryFn: authApi.config, staleTime: Number.POSITIVE_INFINITY });
}

/** Fixed at the top of every page, sign-in included, whenever the server runs in demo mode. */
export function DemoBanner() {
  const { data } = usePublicConfig();
  if (!data?.demoMode) return null;
  return (
    <div className="gk-demo-banner" data-testid="demo-banner" role="note">
      <ExperimentOutlined aria-hidden />
      <span>演示环境：数据仅供演示，请勿录入真实个人信息</span>
    </div>
  );
}
