# language: zh-CN
功能: 扣分与否决生成整改清单
  每一项扣了分（加分项除外）、每一次否决，都生成一行整改：对象、评分项、发现的问题、扣分、
  牵头责任单位、协同责任单位、整改时限（考核日期 + rectify_days）。

  背景:
    假如 检查表:
      """
      rectify_days: 30
      items:
        - {code: A1, text: 识别准确, standard: 每错评漏评一户扣10分，扣完为止, max: 40, method: deduct, per: 10,
           lead_unit: 镇扶贫办, co_units: [各村]}
        - {code: A2, text: 驻村工作队在岗, max: 20, method: check, lead_unit: 镇组织办, co_units: [后盾单位, 驻村工作队]}
        - {code: A3, text: 综合评价, max: 40, method: manual, lead_unit: 镇扶贫办}
        - {code: B1, text: 创新做法, max: 10, method: bonus}
        - {code: V1, text: 精准识别出现重大失误, method: veto, lead_unit: 镇纪委, co_units: [镇扶贫办]}
      """
    而且 考核日期为 2026-11-23

  # 依据：DESIGN.md“Every item whose score is below its max (bonus items aside) ... yields a rectification row”；
  #       001_a19810ed1c50bb31.txt 重点举措(一)起每项任务列“牵头责任单位”“协同责任单位”；002_8609464f4b1e120c.txt 五(六)“及时督促整改到位”
  场景: 每一项扣分都有一行，满分项和加分项没有
    假如 答卷（每项一列）:
      | 对象 | A1 | A2 | A3   | B1 | V1 |
      | 甲村 | 2  | 否 | 40   | 3  | 否 |
      | 乙村 | 0  | 是 | 37.5 | 0  | 否 |
    当 评分
    # 甲村 A1 40 − 20 = 20，扣 20；A2 否，扣 20；A3 满分、B1 加分项：无整改行；总分 20 + 0 + 40 + 3 = 63
    # 乙村 A3 扣 40 − 37.5 = 2.5；总分 40 + 20 + 37.5 = 97.5，排在甲村前
    # 整改时限 2026-11-23 + 30 天 = 2026-12-23
    那么 整改清单为:
      | 对象 | 评分项 | 扣分 | 牵头单位 | 协同单位             | 整改时限   |
      | 乙村 | A3     | 2.5  | 镇扶贫办 |                      | 2026-12-23 |
      | 甲村 | A1     | 20   | 镇扶贫办 | 各村                 | 2026-12-23 |
      | 甲村 | A2     | 20   | 镇组织办 | 后盾单位、驻村工作队 | 2026-12-23 |

  # 依据：DESIGN.md“and every veto, yields a rectification row”；002_8609464f4b1e120c.txt 五(七)
  场景: 一票否决也生成整改行，交由牵头单位整改
    假如 答卷（每项一列）:
      | 对象 | A1 | A2 | A3 | B1 | V1 |
      | 甲村 | 0  | 是 | 40 | 0  | 是 |
    当 评分
    那么 整改清单为:
      | 对象 | 评分项 | 牵头单位 | 协同单位 | 整改时限   |
      | 甲村 | V1     | 镇纪委   | 镇扶贫办 | 2026-12-23 |
    而且 "甲村" 的 V1 项整改问题包含 "一票否决：精准识别出现重大失误"

  # 依据：DOMAIN.md 整改“every problem found becomes a ledger row: the problem ...”——评分人记下的问题写进整改行
  场景: 评分人的备注写进整改问题
    假如 答卷:
      | 对象 | 评分人 | 评分项 | 值 | 备注                   |
      | 甲村 | 张三   | A1     | 1  | 错评1户：李某家有财政供养人员 |
      | 甲村 | 张三   | A2     | 是 |                        |
      | 甲村 | 张三   | A3     | 40 |                        |
      | 甲村 | 张三   | B1     | 0  |                        |
      | 甲村 | 张三   | V1     | 否 |                        |
    当 评分
    那么 "甲村" 的 A1 项整改问题包含 "错评1户：李某家有财政供养人员"

  # 依据：DESIGN.md rectify_days；整改时限 = 考核日期 + rectify_days
  场景: 整改期限按检查表的天数起算
    假如 检查表:
      """
      rectify_days: 15
      items:
        - {code: A1, text: 识别准确, max: 40, method: deduct, per: 10, lead_unit: 镇扶贫办}
      """
    而且 答卷（每项一列）:
      | 对象 | A1 |
      | 甲村 | 1  |
    当 评分
    # 2026-11-23 + 15 天 = 2026-12-08
    那么 整改清单为:
      | 对象 | 评分项 | 扣分 | 整改时限   |
      | 甲村 | A1     | 10   | 2026-12-08 |

  # 依据：DESIGN.md 共用扣分池；整改行列出扣了分的各行
  场景: 扣分池的整改问题列出扣分的各行
    假如 检查表:
      """
      items:
        - {code: C1, text: 档案资料, max: 20, method: deduct, lead_unit: 镇扶贫办, lines: [
            {code: C1a, text: 缺少贫困户档案, per: 2},
            {code: C1b, text: 缺少帮扶手册, per: 2}]}
      """
    而且 答卷（每项一列）:
      | 对象 | C1a | C1b |
      | 甲村 | 2   | 0   |
    当 评分
    # 2 × 2 = 4，得 16
    那么 整改清单为:
      | 对象 | 评分项 | 扣分 |
      | 甲村 | C1     | 4    |
    而且 "甲村" 的 C1 项整改问题包含 "缺少贫困户档案"

  # 依据：DESIGN.md“Every item whose score is below its max ... and every veto, yields a rectification row”——同一项既扣分又否决，只列一行
  场景: 同一项既扣分又触发否决，合为一行
    假如 检查表:
      """
      items:
        - {code: A2, text: 家庭医生签约率, max: 50, method: ratio, target: 1.0, veto_when: {below: 0.8}, lead_unit: 镇卫生院}
        - {code: A3, text: 综合评价, max: 50, method: manual}
      """
    而且 答卷（每项一列）:
      | 对象 | A2  | A3 |
      | 甲村 | 70% | 50 |
    当 评分
    # A2 50 × 0.7 = 35，扣 15；0.7 < 0.8 否决
    那么 整改清单为:
      | 对象 | 评分项 | 扣分 | 牵头单位 | 整改时限   |
      | 甲村 | A2     | 15   | 镇卫生院 | 2026-12-23 |
    而且 "甲村" 的 A2 项整改问题包含 "一票否决"
