# language: zh-CN
功能: 否决的后果：定为差、限定等次、不得参评
  否决项可写 effect：fail（默认，定为 veto.grade 并按 veto.rank 排）、{cap: 一般}（“不能确定为好或较好”，
  照常排名）、exclude（“不得参加评选”：不定等次、不排名、仍显示得分）。同时成立时 exclude 优先于 fail，
  fail 优先于 cap；所有理由都列出，vetoed 一律为真。

  背景:
    假如 检查表:
      """
      items:
        - {code: A1, text: 帮扶工作实绩, max: 100, method: manual}
        - {code: V1, text: 精准识别出现重大失误, method: veto}
        - {code: V2, text: 群众满意度低于80%, method: veto, effect: {cap: 一般}}
        - {code: V3, text: 发生扶贫领域违纪案件, method: veto, effect: exclude}
      """

  # 依据：DESIGN.md 否决后果 {cap: 一般}“graded no better than that, ranked as usual”
  场景: 限定等次的否决：95 分只能定为一般，仍照常排第一
    假如 答卷（每项一列）:
      | 对象 | A1 | V1 | V2 | V3 |
      | 甲村 | 95 | 否 | 是 | 否 |
      | 乙村 | 85 | 否 | 否 | 否 |
      | 丙村 | 50 | 否 | 是 | 否 |
    当 评分
    # 甲村 95 按分数线为好，限定为一般；丙村 50 本为差，限定只管上限，仍为差
    那么 结果依次为:
      | 对象 | 名次 | 得分 | 等次 | 否决 | 状态 |
      | 甲村 | 1    | 95   | 一般 | 是   | ok   |
      | 乙村 | 2    | 85   | 较好 | 否   | ok   |
      | 丙村 | 3    | 50   | 差   | 是   | ok   |

  # 依据：DESIGN.md 否决后果 exclude“not graded, not ranked, status excluded: 不得参加评选, its score still shown”
  场景: 不得参加评选的村不定等次、不排名，得分照列
    假如 答卷（每项一列）:
      | 对象 | A1 | V1 | V2 | V3 |
      | 甲村 | 98 | 否 | 否 | 是 |
      | 乙村 | 85 | 否 | 否 | 否 |
      | 丙村 | 70 | 否 | 否 | 否 |
    当 评分
    那么 结果依次为:
      | 对象 | 名次 | 得分 | 等次 | 否决 | 状态     | 否决理由                |
      | 乙村 | 1    | 85   | 较好 | 否   | ok       |                         |
      | 丙村 | 2    | 70   | 一般 | 否   | ok       |                         |
      | 甲村 |      | 98   |      | 是   | excluded | V3 发生扶贫领域违纪案件 |

  # 依据：DESIGN.md“Where several hold, exclude beats fail beats cap; every reason is listed”
  场景: 同时限定等次和不得参评：不参评，两条理由都列出
    假如 答卷（每项一列）:
      | 对象 | A1 | V1 | V2 | V3 |
      | 甲村 | 92 | 否 | 是 | 是 |
      | 乙村 | 60 | 否 | 否 | 否 |
    当 评分
    那么 结果依次为:
      | 对象 | 名次 | 得分 | 等次 | 否决 | 状态     |
      | 乙村 | 1    | 60   | 一般 | 否   | ok       |
      | 甲村 |      | 92   |      | 是   | excluded |
    而且 "甲村" 的否决理由为 "V2 群众满意度低于80%；V3 发生扶贫领域违纪案件"

  # 依据：DESIGN.md“exclude beats fail beats cap”——否决定差优先于限定等次
  场景: 同时定为差和限定等次：定为差并排在最后
    假如 答卷（每项一列）:
      | 对象 | A1 | V1 | V2 | V3 |
      | 甲村 | 99 | 是 | 是 | 否 |
      | 乙村 | 60 | 否 | 否 | 否 |
    当 评分
    那么 结果依次为:
      | 对象 | 名次 | 得分 | 等次 | 否决 | 否决理由                                        |
      | 乙村 | 1    | 60   | 一般 | 否   |                                                 |
      | 甲村 | 2    | 99   | 差   | 是   | V1 精准识别出现重大失误、V2 群众满意度低于80%   |

  # 依据：DESIGN.md veto_when {below: x}：任何带 veto_when 的评分项都可否决
  场景: 评分项的值触发否决（签约率低于 80%）
    假如 检查表:
      """
      items:
        - {code: A1, text: 帮扶工作实绩, max: 50, method: manual}
        - {code: A2, text: 家庭医生签约率, max: 50, method: ratio, target: 1.0, veto_when: {below: 0.8}}
      """
    而且 答卷（每项一列）:
      | 对象 | A1 | A2  |
      | 甲村 | 50 | 79% |
      | 乙村 | 40 | 80% |
    当 评分
    # 甲村 A2 50 × 0.79 = 39.5，总分 89.5，但 0.79 < 0.8 否决；乙村 A2 50 × 0.8 = 40，总分 80，0.8 不低于 0.8
    那么 结果依次为:
      | 对象 | 名次 | 得分 | 等次 | 否决理由          |
      | 乙村 | 1    | 80   | 较好 |                   |
      | 甲村 | 2    | 89.5 | 差   | A2 家庭医生签约率 |
