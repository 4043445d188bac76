# language: zh-CN
功能: 未答完的评分表
  有评分项未作答的对象不定等次、不排名，列出所缺的评分项；其余对象照常排名。

  # 依据：DESIGN.md 计分规则“A subject with unanswered items is incomplete: not graded, not ranked, listed with what is missing”
  场景: 缺答的村不定等次、不排名，排在最后并列出所缺项
    假如 检查表:
      """
      items:
        - {code: A1, text: 识别准确, max: 40, method: deduct, per: 10}
        - {code: A2, text: 驻村工作队在岗, max: 30, method: check}
        - {code: A3, text: 综合评价, max: 30, method: manual}
      """
    而且 答卷（每项一列）:
      | 对象 | 乡镇   | A1 | A2 | A3 |
      | 甲村 | 章党镇 | 0  | 是 | 25 |
      | 乙村 | 章党镇 | 1  |    |    |
      | 丙村 | 章党镇 | 2  | 是 | 30 |
    当 评分
    # 甲村 40 + 30 + 25 = 95；丙村 20 + 30 + 30 = 80；乙村缺 A2、A3，名次连续（1、2），不留空位
    那么 结果依次为:
      | 对象 | 名次 | 镇内名次 | 得分 | 等次 | 状态       |
      | 甲村 | 1    | 1        | 95   | 好   | ok         |
      | 丙村 | 2    | 2        | 80   | 较好 | ok         |
      | 乙村 |      |          |      |      | incomplete |
    而且 "乙村" 未答完，缺 "A2、A3"

  # 依据：DESIGN.md 计分规则“A subject with unanswered items is incomplete”——两人评分时，任一人未答该项即未答完
  场景: 两名评分人中有一人漏答
    假如 检查表:
      """
      items:
        - {code: A1, text: 驻村工作队在岗, max: 50, method: check}
        - {code: A2, text: 综合评价, max: 50, method: manual}
      """
    而且 答卷:
      | 对象 | 评分人 | 评分项 | 值 |
      | 甲村 | 张三   | A1     | 是 |
      | 甲村 | 张三   | A2     | 45 |
      | 甲村 | 李四   | A1     | 是 |
      | 甲村 | 李四   | A2     |    |
    当 评分
    那么 "甲村" 未答完，缺 "A2"

  # 依据：DESIGN.md 扣分池：“each line ... answered by its own code with a count”——缺一行即未答完
  场景: 扣分池缺一行也算未答完
    假如 检查表:
      """
      items:
        - {code: C1, text: 档案资料, max: 20, method: deduct, lines: [
            {code: C1a, text: 缺少贫困户档案, per: 2},
            {code: C1b, text: 缺少帮扶手册, per: 2}]}
      """
    而且 答卷（每项一列）:
      | 对象 | C1a | C1b |
      | 甲村 | 1   |     |
    当 评分
    那么 "甲村" 未答完，缺 "C1b"
