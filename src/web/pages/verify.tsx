import { CameraOutlined, PictureOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Input, Space, Tag, Typography } from 'antd';
import jsQR from 'jsqr';
import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { type CertificateClaims, normalizeCertificateNumber } from '../../domain/certificate-number';
import { certificateApi, type PublicCertificate } from '../api/certificates';
import { isApiError } from '../api/client';
import { usePublicConfig } from '../components/demo-banner';
import { type AppliedGrade, GRADE_LABELS } from '../self-check/model';
import {
  importPublicKey,
  looksLikeCertificateQr,
  QR_REFUSALS,
  type QrCheck,
  verifyCertificateQr,
} from '../verify/certificate-qr';

interface Outcome {
  signature: QrCheck | null;
  online: { found: true; certificate: PublicCertificate } | { found: false; message: string } | null;
  mismatch: boolean;
}

interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
type BarcodeDetectorCtor = new (options: { formats: string[] }) => BarcodeDetectorLike;
const barcodeDetector = (): BarcodeDetectorCtor | null =>
  (globalThis as unknown as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector ?? null;

/** The signature in the browser, the status online: both from whatever was entered or scanned. */
async function check(input: string): Promise<Outcome> {
  const text = input.trim();
  let key: CryptoKey | null = null;
  let keyProblem = false;
  try {
    key = await importPublicKey((await certificateApi.publicKey()).publicKeyPem);
  } catch {
    keyProblem = true;
  }
  const verifyText = async (qr: string): Promise<QrCheck> =>
    key ? verifyCertificateQr(key, qr) : { ok: false, reason: keyProblem ? 'unsupported' : 'malformed' };
  const lookup = async (number: string): Promise<Outcome['online']> => {
    try {
      return { found: true, certificate: await certificateApi.lookup(number) };
    } catch (error) {
      return { found: false, message: isApiError(error) ? error.message : '暂时无法联网查询证书状态' };
    }
  };
  if (looksLikeCertificateQr(text)) {
    const signature = await verifyText(text);
    const online = signature.ok ? await lookup(signature.claims.number) : null;
    const mismatch = online?.found === true && online.certificate.qr !== text;
    return { signature, online, mismatch };
  }
  const online = await lookup(normalizeCertificateNumber(text));
  if (!online?.found) return { signature: null, online, mismatch: false };
  const signature = await verifyText(online.certificate.qr);
  const mismatch = signature.ok && signature.claims.number !== online.certificate.number;
  return { signature, online, mismatch };
}

/**
 * 证书核验 (public, no sign-in): a certificate number, the QR text pasted, the camera (where the browser has
 * BarcodeDetector) or a photo of the QR (decoded with jsQR). The QR's Ed25519 signature is checked here in the
 * browser against the published key (WebCrypto), and the server is asked for the certificate's current status.
 */
export default function VerifyPage() {
  const { data: config } = usePublicConfig();
  const [params] = useSearchParams();
  const [text, setText] = useState(params.get('number') ?? params.get('qr') ?? '');
  const [scanning, setScanning] = useState(false);
  const [scanError, setScanError] = useState<string | null>(null);
  const run = useMutation({ mutationFn: check });
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const fileRef = useRef<HTMLInputElement | null>(null);
  const started = useRef(false);

  useEffect(() => {
    if (!started.current && text) {
      started.current = true;
      run.mutate(text);
    }
  }, [text, run]);

  useEffect(() => {
    if (!scanning) return;
    const Detector = barcodeDetector();
    if (!Detector) return;
    let stream: MediaStream | null = null;
    let stopped = false;
    const detector = new Detector({ formats: ['qr_code'] });
    const stop = () => {
      stopped = true;
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
        const video = videoRef.current;
        if (!video || stopped) return stop();
        video.srcObject = stream;
        await video.play();
        while (!stopped) {
          const codes = await detector.detect(video).catch(() => []);
          const found = codes.find((c) => c.rawValue);
          if (found) {
            setText(found.rawValue);
            setScanning(false);
            run.mutate(found.rawValue);
            break;
          }
          await new Promise((r) => setTimeout(r, 250));
        }
      } catch {
        setScanError('无法打开摄像头，请允许浏览器使用摄像头，或改用照片识别');
        setScanning(false);
      }
    })();
    return stop;
  }, [scanning, run]);

  const readPhoto = async (file: File) => {
    setScanError(null);
    try {
      const bitmap = await createImageBitmap(file);
      const scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
      const canvas = document.createElement('canvas');
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('canvas');
      ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const code = jsQR(image.data, image.width, image.height);
      if (!code?.data) {
        setScanError('照片中没有识别到二维码，请拍清楚证书右下方的二维码再试');
        return;
      }
      setText(code.data);
      run.mutate(code.data);
    } catch {
      setScanError('无法读取这张照片');
    }
  };

  const outcome = run.data;
  const claims: CertificateClaims | null = outcome?.signature?.ok ? outcome.signature.claims : null;
  const online = outcome?.online ?? null;
  return (
    <div className="gk-login">
      <div className="gk-login-inner" style={{ maxWidth: 640 }}>
        <h1 className="gk-login-title">{config?.appName || '河南省机关事业单位工勤技能岗位等级考核'}</h1>
        <Card className="gk-login-card" title="证书核验" data-testid="verify">
          <Typography.Paragraph type="secondary">
            输入证书编号，或粘贴、扫描证书上的二维码。二维码的签名在本机浏览器中用发证机关公布的公钥校验，证书当前是否有效向服务器查询。
          </Typography.Paragraph>
          <Space.Compact style={{ width: '100%' }}>
            <Input
              value={text}
              onChange={(e) => setText(e.target.value)}
              onPressEnter={() => text.trim() && run.mutate(text)}
              placeholder="证书编号（16 位数字）或二维码内容 GKC1.…"
              autoComplete="off"
              aria-label="证书编号或二维码内容"
              data-testid="verify-input"
            />
            <Button
              type="primary"
              loading={run.isPending}
              disabled={!text.trim()}
              onClick={() => run.mutate(text)}
              data-testid="verify-submit"
            >
              核验
            </Button>
          </Space.Compact>
          <Space wrap style={{ marginTop: 12 }}>
            {barcodeDetector() && (
              <Button icon={<CameraOutlined />} onClick={() => setScanning((s) => !s)} data-testid="verify-camera">
                {scanning ? '停止扫码' : '摄像头扫码'}
              </Button>
            )}
            <Button icon={<PictureOutlined />} onClick={() => fileRef.current?.click()} data-testid="verify-photo">
              从照片识别二维码
            </Button>
            <input
              ref={fileRef}
              type="file"
              accept="image/*"
              hidden
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) void readPhoto(file);
              }}
            />
          </Space>
          {scanning && (
            <video
              ref={videoRef}
              muted
              playsInline
              style={{ width: '100%', marginTop: 12, borderRadius: 4, background: '#000' }}
            />
          )}
          {scanError && <Alert style={{ marginTop: 12 }} type="warning" showIcon title={scanError} />}
          {outcome && (
            <div style={{ marginTop: 16 }} data-testid="verify-result">
              <Space wrap style={{ marginBottom: 12 }}>
                {outcome.signature === null ? (
                  <Tag data-testid="verify-signature">未校验签名</Tag>
                ) : outcome.signature.ok && !outcome.mismatch ? (
                  <Tag color="green" data-testid="verify-signature">
                    签名有效
                  </Tag>
                ) : (
                  <Tag color="red" data-testid="verify-signature">
                    签名无效
                  </Tag>
                )}
                {online === null ? (
                  <Tag data-testid="verify-status">未查询状态</Tag>
                ) : online.found ? (
                  online.certificate.status === 'valid' ? (
                    <Tag color="green" data-testid="verify-status">
                      证书有效
                    </Tag>
                  ) : (
                    <Tag color="red" data-testid="verify-status">
                      证书已撤销
                    </Tag>
                  )
                ) : (
                  <Tag color="orange" data-testid="verify-status">
                    未查到该证书
                  </Tag>
                )}
              </Space>
              {outcome.signature && !outcome.signature.ok && (
                <Alert type="error" showIcon title={QR_REFUSALS[outcome.signature.reason]} />
              )}
              {outcome.mismatch && (
                <Alert type="error" showIcon title="二维码内容与发证机关登记的该证书不一致，请勿采信" />
              )}
              {online && !online.found && <Alert type="warning" showIcon title={online.message} />}
              {online?.found && online.certificate.status === 'revoked' && (
                <Alert type="error" showIcon title="该证书已被发证机关撤销（如遗失补发，以新证书为准）" />
              )}
              {claims && (
                <Descriptions style={{ marginTop: 12 }} size="small" column={1} bordered title="二维码中签名的证书信息">
                  <Descriptions.Item label="证书编号">{claims.number}</Descriptions.Item>
                  <Descriptions.Item label="姓名">{claims.name}</Descriptions.Item>
                  <Descriptions.Item label="身份证号">{claims.idNumberMasked}</Descriptions.Item>
                  <Descriptions.Item label="工种">{claims.jobType}</Descriptions.Item>
                  <Descriptions.Item label="等级">
                    {GRADE_LABELS[claims.grade as AppliedGrade] ?? claims.grade}
                  </Descriptions.Item>
                  <Descriptions.Item label="发证日期">{claims.issuedOn}</Descriptions.Item>
                  <Descriptions.Item label="发证机关">{claims.issuer}</Descriptions.Item>
                </Descriptions>
              )}
            </div>
          )}
          <div style={{ marginTop: 16 }}>
            <Link to="/login">返回登录</Link>
          </div>
        </Card>
      </div>
    </div>
  );
}
