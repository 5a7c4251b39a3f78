/** 扩展程序生命周期的中文用语：表单的操作选择、确认消息、更新/卸载的拒绝原因、核实的版本与撤销按钮。 */
import type { Messages } from '../messages.js';

/** 中文生命周期用语。 */
export const lifecycle: Messages['lifecycle'] = {
  actions: {
    install: '安装',
    update: '更新',
    uninstall: '卸载',
  },
  form: {
    label: '操作',
    hint: '安装扩展程序、更新到最新版本，或卸载各实例上已安装的版本。',
    submit: {
      install: '提交安装申请',
      update: '提交更新申请',
      uninstall: '提交卸载申请',
    },
    undoNotice: (idMd) => `撤销 ${idMd}：从安装成功的实例上卸载该扩展程序。与其他申请一样需要审批。`,
  },
  header: {
    install: (name) => `安装申请：${name}`,
    update: (name) => `更新申请：${name}`,
    uninstall: (name) => `卸载申请：${name}`,
  },
  summary: {
    install: (versionMd) => `:package: *安装* ${versionMd}`,
    update: (versionMd) =>
      `:arrows_counterclockwise: *更新*到 ${versionMd}：先卸载已安装的版本，再安装 ${versionMd}`,
    uninstall: (versionsMd) =>
      `:wastebasket: *卸载* — 在每个实例上运行其已安装版本的卸载脚本（${versionsMd}）`,
  },
  versionGroup: (versionMd, count) => `${versionMd}：${count} 个实例`,
  unknownVersion: '版本未知',
  installed: {
    same: (versionMd) => `已安装：${versionMd}`,
    older: (versionMd, latestMd) => `已安装：${versionMd}，有更新版本 ${latestMd}`,
    none: '未安装',
  },
  reinstallFlag: (count) =>
    `:warning: 已有 ${count} 个实例安装了该扩展程序（见下方标记）：将在其上重新安装。`,
  problems: {
    actionInvalid: '请选择安装、更新或卸载。',
    notInstalled: (action, ids) =>
      `OOS 在 ${ids} 上没有该扩展程序的记录，无法${action === 'update' ? '更新' : '卸载'}。请将这些实例从列表中移除。`,
    unreadable: (ids, why) => `无法读取 ${ids} 上已安装的内容：${why} 请稍后重试。`,
  },
  verified: {
    recorded: (versionMd) => `OOS 记录为 ${versionMd}`,
    recordedNoVersion: 'OOS 已记录（无版本）',
    missing: ':warning: 报告成功，但 OOS 在此实例上没有该扩展程序的记录——请检查实例',
    unread: '无法读取 OOS 的记录',
    flagged: (count) =>
      `:warning: 有 ${count} 个实例报告成功，但 OOS 没有该扩展程序的记录。请先检查这些实例。`,
  },
  undoButton: '撤销（卸载）',
  undoRefusals: {
    not_found: '该申请已不存在，无可撤销的内容。',
    nothing_to_undo: '无可撤销的内容：该申请没有安装任何 OOS 有记录的扩展程序。',
  },
  workbench: {
    awaitingHead: (count) => `:inbox_tray: *等待你审批*（${count}）`,
    awaitingNone: '没有等待你审批的申请。',
    request: (actionMd, nameMd, count, regionMd, byMd, idMd) =>
      `*${actionMd}* ${nameMd}，${regionMd} 的 ${count} 个实例 · 申请人 ${byMd} · ${idMd}`,
    approvals: (given, required) => `已批准 ${given}/${required}`,
    expires: (whenMd) => `${whenMd} 过期`,
    runningHead: (count) => `:arrows_counterclockwise: *正在执行*（${count}）`,
    runningNone: '没有与你相关的正在执行的任务。',
    running: (actionMd, nameMd, progressMd, idMd) => `${actionMd} ${nameMd} · ${progressMd} · ${idMd}`,
    starting: '正在启动',
    recentHead: '*你最近的请求*',
    recentNone: '你还没有提交过申请。',
    installedButton: '查看实例上已安装…',
    installedHint: '查看 OOS 记录的实例上已安装的扩展程序：版本、时间以及是否有更新版本。',
    modal: {
      title: '已安装的扩展程序',
      submit: '查询',
      close: '关闭',
      instancesLabel: '实例 ID',
      instancesHint: '最多 50 个 ID，用空格、逗号或换行分隔；实例不在默认地域时请加上地域 ID。',
      loading: ':hourglass_flowing_sand: 正在查询 OOS…',
    },
  },
  titles: {
    update: {
      succeeded: '更新成功',
      partial: '更新部分失败',
      failed: '更新失败',
      cancelled: '更新已取消',
      stopped: '分批发布已停止',
      pending: '更新仍未完成',
    },
    uninstall: {
      succeeded: '卸载成功',
      partial: '卸载部分失败',
      failed: '卸载失败',
      cancelled: '卸载已取消',
      stopped: '分批发布已停止',
      pending: '卸载仍未完成',
    },
  },
  statusLine: {
    update: {
      running: (statusMd, countsMd) =>
        `:arrows_counterclockwise: *正在更新* — OOS 状态 ${statusMd}${countsMd ? `；${countsMd}` : ''}`,
      succeeded: (countsMd) => `:white_check_mark: *更新成功*${countsMd ? ` — ${countsMd}` : ''}`,
      failed: (countsMd) => `:x: *更新失败*${countsMd ? ` — ${countsMd}` : ''}`,
      cancelled: (countsMd) => `:no_entry_sign: *更新已取消*${countsMd ? ` — ${countsMd}` : ''}`,
    },
    uninstall: {
      running: (statusMd, countsMd) =>
        `:arrows_counterclockwise: *正在卸载* — OOS 状态 ${statusMd}${countsMd ? `；${countsMd}` : ''}`,
      succeeded: (countsMd) => `:white_check_mark: *卸载成功*${countsMd ? ` — ${countsMd}` : ''}`,
      failed: (countsMd) => `:x: *卸载失败*${countsMd ? ` — ${countsMd}` : ''}`,
      cancelled: (countsMd) => `:no_entry_sign: *卸载已取消*${countsMd ? ` — ${countsMd}` : ''}`,
    },
  },
};
