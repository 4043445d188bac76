# language: zh-CN
功能: 命令行 inspect-app score 与 check-checklist
  对一份答卷表评分；输入有错时退出码为 1，信息指明文件、行、列和值，且不写出任何文件。

  # 依据：DESIGN.md“A worked example with answers and hand-checked results: examples/”；命令行 score --out F.json
  场景: 示例答卷的结果与手算的 expected.json 一致
    假如 工作目录中有示例检查表、答卷和预期结果
    当 运行 "inspect-app score village.yaml answers.csv --out out.json"
    那么 退出码为 0
    而且 "out.json" 中的结果与示例 expected.json 完全一致

  # 依据：examples/expected.json“rectifications_for_洼子村”；DESIGN.md --rectifications 与整改时限
  场景: 写出整改清单：洼子村 A1 扣 15、A2 扣 3.5、A5 扣 3、A6 扣 4.5
    假如 工作目录中有示例检查表、答卷和预期结果
    当 运行 "inspect-app score village.yaml answers.csv --out out.csv --rectifications rect.csv --assessed-on 2026-11-23"
    那么 退出码为 0
    # A1 (90 + 80) / 2 = 85，扣 15；A2 (48 + 45) / 2 = 46.5，扣 3.5；A5 (30 + 24) / 2 = 27，扣 3；
    # A6 (36 + 35) / 2 = 35.5，扣 4.5；整改时限 2026-11-23 + 30 天
    而且 "rect.csv" 中 "洼子村" 的行为:
      | item | lost | lead_unit | co_units | deadline   |
      | A1   | 15   | 镇扶贫办  | 各村     | 2026-12-23 |
      | A2   | 3.5  |           |          | 2026-12-23 |
      | A5   | 3    |           |          | 2026-12-23 |
      | A6   | 4.5  |           |          | 2026-12-23 |

  # 依据：DESIGN.md 命令行“1 with a message naming file, row, column and value when the input is wrong ... nothing half-written”
  场景: 长表中一个值不对：退出码 1，指明行、列和值，不写出文件
    假如 工作目录中有示例检查表、答卷和预期结果
    而且 文件 "bad.csv":
      """
      subject,inspector,item,value
      洼子村,张三,A1,1
      洼子村,张三,A4,也许
      """
    当 运行 "inspect-app score village.yaml bad.csv --out out.json --rectifications rect.csv"
    那么 退出码为 1
    而且 输出包含 "bad.csv"
    而且 输出包含 "第 3 行"
    而且 输出包含 "列 value"
    而且 输出包含 "也许"
    而且 没有写出文件 "out.json"
    而且 没有写出文件 "rect.csv"

  # 依据：DESIGN.md 命令行：宽表“one column per item code”，出错信息指明行、列（评分项编码）和值
  场景: 宽表中一个值不对：指明所在列的评分项编码
    假如 工作目录中有示例检查表、答卷和预期结果
    而且 文件 "wide.csv":
      """
      subject,inspector,A1,A2,A3,A4,A5,A6,A7,A8,A9
      洼子村,张三,1,96%,120000,是,好,36,0.005,否,6
      阿及村,张三,0,百分之九十,80000,是,好,38,0.004,否,12
      """
    当 运行 "inspect-app score village.yaml wide.csv --out out.json"
    那么 退出码为 1
    而且 输出包含 "第 3 行"
    而且 输出包含 "列 A2"
    而且 输出包含 "百分之九十"
    而且 没有写出文件 "out.json"

  # 依据：DESIGN.md 命令行“or incomplete (unless --allow-incomplete)”
  场景: 有对象未答完：默认退出码 1 且不写文件，加 --allow-incomplete 照常输出
    假如 工作目录中有示例检查表、答卷和预期结果
    而且 文件 "part.csv":
      """
      subject,A1,A2,A3,A4,A5,A6,A7,A8,A9
      洼子村,1,96%,120000,是,好,36,0.005,否,6
      阿及村,0,1,80000,是,好,38,0.004,否,
      """
    当 运行 "inspect-app score village.yaml part.csv --out out.csv"
    那么 退出码为 1
    而且 输出包含 "阿及村"
    而且 输出包含 "A9"
    而且 没有写出文件 "out.csv"
    当 运行 "inspect-app score village.yaml part.csv --out out.csv --allow-incomplete"
    那么 退出码为 0
    而且 "out.csv" 中 "阿及村" 的行为:
      | rank | score | grade | status     |
      |      |       |       | incomplete |

  # 依据：DESIGN.md 命令行“check-checklist FILE — validate a checklist; errors name the field path”
  场景: 校验检查表：每处错误都指明字段路径
    假如 文件 "broken.yaml":
      """
      id: broken
      title: 有错的检查表
      subject: village
      total: 100
      grades: [{grade: 好, min: 90}, {grade: 差, min: 0}]
      sections:
        - code: A
          title: 精准识别
          items:
            - {code: A1, text: 识别准确, max: 50, method: deduct, per: 10}
            - {code: A2, text: 签约率, max: 40, method: rate}
      """
    当 运行 "inspect-app check-checklist broken.yaml"
    那么 退出码为 1
    而且 输出包含 "sections[0].items[1].method"
    而且 输出包含 "total"
