/** 分批发布与频道护栏的中文：表单输入、策略拒绝、线程中的批次消息和审批提醒。 */
import type { Messages } from '../messages.js';

/** Chinese rollout and guardrail words. */
export const rollout: Messages['rollout'] = {
  form: {
    header: '发布方式',
    modeLabel: '发布方式',
    modes: {
      all: '一次全部安装',
      canary: '金丝雀：先装一台，再装其余',
      waves: '分批安装',
    },
    modeHint: (canaryAbove) =>
      `金丝雀方式在第一台实例完成后等待审批人确认；分批方式会自动逐批进行，直到有实例失败。${
        canaryAbove > 0 ? `本频道要求超过 ${canaryAbove} 台实例时使用金丝雀或分批方式。` : ''
      }`,
    waveSizeLabel: '每批实例数',
    waveSizeHint: '选择“分批安装”时，每一批包含的实例数量。',
    reasonLabel: '申请理由',
    reasonHint: (required) =>
      required
        ? '本频道必填。会显示在确认消息中，并随申请一起保存。'
        : '选填。会显示在确认消息中，并随申请一起保存。',
    reasonPlaceholder: '例如：修复 CVE-2026-1234，工单 OPS-42',
    actionLabel: '操作',
  },
  refusal: {
    freeze: (reason, until) =>
      `当前处于冻结期（规则 freeze：${reason}），直到 ${until}。在此之前不能提交申请，请在冻结结束后重新提交。`,
    actions: (action, allowed) =>
      allowed
        ? `本频道不允许${action}操作（规则 actions：${allowed}）。请选择允许的操作，或到允许该操作的频道申请。`
        : '本频道不允许任何操作（规则 actions 为空）。请到其他频道申请，或请管理员修改策略文件。',
    packages: (name, allowed) =>
      `本频道不允许安装 ${name}（规则 packages：${allowed}）。请选择允许的扩展程序，或请管理员修改策略文件。`,
    regions: (regionId, allowed) =>
      `本频道不允许使用地域 ${regionId}（规则 regions：${allowed}）。请选择其中一个地域。`,
    maxInstancesPerRequest: (count, max) =>
      `${count} 台实例超过了本频道单个申请的上限（规则 maxInstancesPerRequest：${max}）。请拆分为每个不超过 ${max} 台的申请。`,
    requireReason: '本频道要求每个申请都填写理由（规则 requireReason）。请简要说明原因。',
    canaryAbove: (count, canaryAbove) =>
      `本频道要求超过 ${canaryAbove} 台实例的申请使用金丝雀或分批方式（规则 canaryAbove；本申请有 ${count} 台）。请选择“金丝雀”或“分批安装”。`,
  },
  modeInvalid: '请选择提供的发布方式之一：一次全部、金丝雀或分批。',
  waveSizeInvalid: (max) => `请输入 1 到 ${max} 之间的整数作为每批实例数。`,
  actionWords: { install: '安装', update: '更新', uninstall: '卸载' },
  listSeparator: '、',
  reasonLine: (reasonMd) => `*申请理由：* ${reasonMd}`,
  policyLine: (versionMd) => `策略版本 ${versionMd}`,
  planLine: (mode, waves) => `*发布方式：* ${mode}（共 ${waves} 批）`,
  waveOf: (stage, stages) => `第 ${stage} 批，共 ${stages} 批`,
  pausedLine: (stage, stages) => `已在第 ${stage} 批（共 ${stages} 批）后暂停，等待审批人决定`,
  stoppedLine: (whoMd) => `${whoMd} 已停止分批发布`,
  waveStarted: (stage, stages, count, idsMd) =>
    `:arrow_forward: *第 ${stage} 批（共 ${stages} 批）已启动*，共 ${count} 台实例：${idsMd}。`,
  paused: {
    canary: (stage, stages) =>
      `:bird: *金丝雀批次已完成*（第 ${stage} 批，共 ${stages} 批）。请检查结果，然后继续发布到其余实例，或在此停止。`,
    failure: (stage, stages) =>
      `:warning: *分批发布已暂停*：第 ${stage} 批（共 ${stages} 批）中有实例失败。可以继续下一批，或在此停止。`,
    freeze: (reasonMd, untilMd) =>
      `:snowflake: *分批发布因冻结期暂停*（${reasonMd}），直到 ${untilMd}。冻结结束后审批人可以继续，或在此停止。`,
  },
  pausedText: (stage, stages) => `分批发布已在第 ${stage} 批（共 ${stages} 批）后暂停`,
  waveResult: (tallyText) => `本批结果：${tallyText}`,
  whoMayAnswer: (approversMd) => `可以决定的人：${approversMd}。`,
  continueButton: '继续发布',
  stopButton: '停止发布',
  stopConfirm: {
    title: '停止分批发布？',
    body: '之后的批次都不会再启动。尚未轮到的实例会在最终报告中列为未执行。',
    confirm: '停止',
    deny: '不停止',
  },
  continued: (whoMd) => `:arrow_forward: ${whoMd} 决定继续发布。`,
  stopped: (whoMd) =>
    `:octagonal_sign: ${whoMd} 停止了分批发布。之后的批次不会再启动；正在运行的批次结束后发布最终报告。`,
  refused: {
    not_approver: (whoMd, approversMd) =>
      `:raised_hand: ${whoMd}，只有可以批准此申请的人才能继续或停止分批发布。可以操作的人：${approversMd}。`,
    not_paused: (whoMd) => `:information_source: ${whoMd}，分批发布当前不在等待决定，本次操作无效。`,
    freeze: (whoMd, reasonMd, untilMd) =>
      `:snowflake: ${whoMd}，当前处于冻结期（${reasonMd}），直到 ${untilMd}：现在不能启动任何批次。请在冻结结束后重试。`,
  },
  approvalFrozen: (whoMd, reasonMd, untilMd) =>
    `:snowflake: ${whoMd}，冻结期内（${reasonMd}，直到 ${untilMd}）不能批准申请，本次批准未计入。请在冻结结束后再批准（如果申请先过期，请重新提交）。`,
  reminder: (approversMd, waitedMd) =>
    `:bell: ${approversMd}：此申请已等待审批 ${waitedMd}，如无人批准将会过期。`,
  reminderAnyone: (waitedMd) =>
    `:bell: 此申请已等待审批 ${waitedMd}。在过期之前，本频道中除申请人以外的任何人都可以批准。`,
};
