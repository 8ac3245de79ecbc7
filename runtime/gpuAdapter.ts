/**
 * The GPU adapter a webgpu backend runs on, as the device names itself: Dawn's description in
 * Node (`SwiftShader driver 5.0.0`, `OpenGL version OpenGL ES 3.2 Mesa …`), a browser's vendor
 * and architecture. Users read it to tell a real GPU from a CPU emulating one, whose times
 * say nothing of the GPU they will train on.
 */

/** The parts of an adapter's information, as GPUDevice.adapterInfo and tfjs's AdapterInfo hold them. */
interface AdapterInfoLike {
  description?: string;
  vendor?: string;
  architecture?: string;
}

interface WebGpuBackendInfo {
  device?: { adapterInfo?: AdapterInfoLike };
  adapterInfo?: AdapterInfoLike;
}

/** The adapter's name, or undefined where the backend does not say. */
export function webgpuAdapterName(backend: unknown): string | undefined {
  const { device, adapterInfo } = (backend ?? {}) as WebGpuBackendInfo;
  const info = device?.adapterInfo ?? adapterInfo;
  if (!info) return undefined;
  if (info.description) return info.description;
  const named = [info.vendor, info.architecture].filter(Boolean).join(' ');
  return named || undefined;
}
