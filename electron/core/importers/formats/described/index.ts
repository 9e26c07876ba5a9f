// The formats described as data (types.ts), in detection order: specific before generic.
import type { LineFormatDefinition } from '../../format-types.js';
import { albFormat } from './alb.js';
import { apacheErrorFormat } from './apache-error.js';
import { cloudfrontFormat } from './cloudfront.js';
import { haproxyFormat } from './haproxy.js';
import { logfmtFormat } from './logfmt.js';
import { nginxErrorFormat } from './nginx-error.js';
import { w3cFormat } from './w3c.js';

export const DESCRIBED_FORMATS: readonly LineFormatDefinition[] = [
  cloudfrontFormat, w3cFormat, albFormat, haproxyFormat, apacheErrorFormat, nginxErrorFormat, logfmtFormat,
];
