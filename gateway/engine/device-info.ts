// Where a device's DevInf is kept.
export function deviceInfoKey(user: string, deviceId: string): string {
  return `devinf:${user}:${deviceId}`;
}
