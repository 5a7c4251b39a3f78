import { describe, expect, it } from 'vitest';
import { resolveEcsEndpoint, resolveEndpoint, resolveOosEndpoint } from '../../src/cloud/endpoints.js';

describe('resolveOosEndpoint', () => {
  it('defaults to the public regional host over https', () => {
    const endpoint = resolveOosEndpoint(undefined, 'cn-shanghai');

    expect(endpoint).toEqual({ host: 'oos.cn-shanghai.aliyuncs.com', protocol: 'https' });
  });

  it('treats a blank override as no override', () => {
    const endpoint = resolveOosEndpoint('  ', 'ap-southeast-1');

    expect(endpoint).toEqual({ host: 'oos.ap-southeast-1.aliyuncs.com', protocol: 'https' });
  });

  it('takes host, port and protocol from a full URL override', () => {
    const endpoint = resolveOosEndpoint('http://127.0.0.1:9000', 'cn-hangzhou');

    expect(endpoint).toEqual({ host: '127.0.0.1:9000', protocol: 'http' });
  });

  it('accepts a URL with a trailing slash', () => {
    const endpoint = resolveOosEndpoint('https://oos-proxy.example.com/', 'cn-hangzhou');

    expect(endpoint).toEqual({ host: 'oos-proxy.example.com', protocol: 'https' });
  });

  it('fills {region} in a host override and assumes https', () => {
    const endpoint = resolveOosEndpoint('oos-vpc.{region}.aliyuncs.com', 'cn-beijing');

    expect(endpoint).toEqual({ host: 'oos-vpc.cn-beijing.aliyuncs.com', protocol: 'https' });
  });

  it('fills {region} in a URL override', () => {
    const endpoint = resolveOosEndpoint('http://{region}.oos.local:8080', 'eu-central-1');

    expect(endpoint).toEqual({ host: 'eu-central-1.oos.local:8080', protocol: 'http' });
  });
});

describe('resolveEcsEndpoint', () => {
  it('leaves the choice to the SDK when there is no override', () => {
    const endpoint = resolveEcsEndpoint(undefined, 'cn-hangzhou');

    expect(endpoint).toBeUndefined();
  });

  it('uses the override when given', () => {
    const endpoint = resolveEcsEndpoint('ecs.{region}.aliyuncs.com', 'cn-qingdao');

    expect(endpoint).toEqual({ host: 'ecs.cn-qingdao.aliyuncs.com', protocol: 'https' });
  });
});

describe('resolveEndpoint rejects malformed input', () => {
  it.each([
    ['ftp://127.0.0.1:9000', /http or https/],
    ['http://127.0.0.1:9000/api', /without a path/],
    ['http://127.0.0.1:9000/?a=b', /without a path/],
    ['http://', /not a valid URL/],
    ['oos host.example.com', /expected a host/],
    ['oos.example.com/path', /expected a host/],
  ])('%s', (template, message) => {
    const act = () => resolveEndpoint(template, 'cn-hangzhou');

    expect(act).toThrow(message);
  });

  it('refuses a region id that could change the host', () => {
    const act = () => resolveEndpoint('oos.{region}.aliyuncs.com', 'evil.com/x');

    expect(act).toThrow(/Invalid region id/);
  });
});
