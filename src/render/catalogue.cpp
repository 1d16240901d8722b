// The translation catalogue (lang.hpp): every fixed word of the bills in English and Chinese, in
// one place. A new word is a row here and a `term` there; nothing else prints a translated
// literal.
#include <array>
#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>

#include "render/lang.hpp"
#include "render/render.hpp"
#include "submeter/core/error.hpp"

namespace submeter::render {

namespace {

struct entry {
  term key;
  std::string_view en;
  std::string_view zh;
  /// The bilingual form; empty: the Chinese, a space and the English ("合计 Total").
  std::string_view zh_en = {};
};

// The `en` column is what the renderers printed before languages (the golden files).
constexpr std::array catalogue = {
    entry{term::bills_title, "{0} - electricity bills for {1} ({2})",
          "{0} 电费账单 {1}（单位：{2}）", "{0} 电费账单 Electricity bills {1}（单位 unit：{2}）"},
    entry{term::period_line, "Period: {0} to {1} (readings at or up to 24 h before each bound)",
          "计费周期：{0} 至 {1}（抄表读数取自各端点时刻或其前 24 小时内）",
          "计费周期 Period：{0} 至 {1}（抄表读数取自各端点时刻或其前 24 小时内 readings at or up "
          "to 24 h before each bound）"},
    entry{term::rounding_line, "Rounding: {0}; total = sum of {1}", "舍入规则：{0}；合计 = {1}",
          "舍入规则 Rounding：{0}；合计 total = {1}"},
    entry{term::rounded_lines, "rounded lines", "各行舍入后相加"},
    entry{term::exact_lines, "exact lines, rounded once", "各行精确值相加后舍入一次"},
    entry{term::tariff_line, "Tariff: {0}", "电价方案：{0}", "电价方案 Tariff：{0}"},
    entry{term::meter_line, "Meter {0} (multiplier {1}): {2} -> {3}",
          "电表 {0}（倍率 {1}）：{2} 至 {3}", "电表 Meter {0}（倍率 multiplier {1}）：{2} 至 {3}"},
    entry{term::water_meter_line, "Meter {0} (multiplier {1}): {2} -> {3}",
          "水表 {0}（倍率 {1}）：{2} 至 {3}", "水表 Meter {0}（倍率 multiplier {1}）：{2} 至 {3}"},
    entry{term::col_register, "register", "时段", "时段 reg."},
    entry{term::col_from, "from", "上次读数", "上次读数 from"},
    entry{term::col_to, "to", "本次读数", "本次读数 to"},
    entry{term::col_used_kwh, "used kWh", "用电量(千瓦时)", "用电量 kWh"},
    entry{term::col_used_m3, "used m3", "用水量(立方米)", "用水量 m³"},
    entry{term::charges, "Charges:", "费用明细：", "费用明细 Charges："},
    entry{term::total_line, "Total: {0} {1}", "合计：{0} {1}", "合计 Total：{0} {1}"},
    entry{term::earlier_months, "Earlier months (kWh):", "往月用电量（千瓦时）：",
          "往月用电量 Earlier months (kWh)："},
    entry{term::account_line,
          "Account ({0}): opening {1}, recharged {2}, this bill {3}, balance {4}",
          "账户（{0}）：期初余额 {1}，充值 {2}，本期费用 {3}，余额 {4}",
          "账户 Account（{0}）：期初余额 opening {1}，充值 recharged {2}，本期费用 this bill {3}，"
          "余额 balance {4}"},
    entry{term::arrears_part, ", arrears {0}", "，欠费 {0}", "，欠费 arrears {0}"},
    entry{term::level_part, "; level {0}", "；状态 {0}", "；状态 level {0}"},
    entry{term::level_reason, "level {0}", "状态 {0}", "状态 level {0}"},
    entry{term::notices, "  notices:", "  通知：", "  通知 notices："},
    entry{term::closed_refunded, "  account closed at move-out; refunded {0}",
          "  退租销户，退款 {0}", "  退租销户 account closed at move-out；退款 refunded {0}"},
    entry{term::relay_line, "  relay: {0} (", "  继电器：{0}（", "  继电器 relay：{0}（"},
    entry{term::relay_end, ")", "）", "）"},
    entry{term::reason_separator, "; ", "；", "；"},
    entry{term::relay_cut_now, "CUT NOW", "立即拉闸断电", "立即拉闸断电 CUT NOW"},
    entry{term::relay_closed, "closed", "合闸供电", "合闸供电 closed"},
    entry{term::relay_open, "open", "分闸断电", "分闸断电 open"},
    entry{term::site_total_one, "Site total: {0} {1} over {2} tenant",
          "全场合计：{0} {1}，共 {2} 户", "全场合计 Site total：{0} {1}，共 {2} 户 tenant"},
    entry{term::site_total_many, "Site total: {0} {1} over {2} tenants",
          "全场合计：{0} {1}，共 {2} 户", "全场合计 Site total：{0} {1}，共 {2} 户 tenants"},
    entry{term::register_total, "total", "总"},
    entry{term::mode_prepaid, "prepaid", "预付费"},
    entry{term::mode_postpaid, "postpaid", "后付费"},
    entry{term::level_normal, "normal", "正常"},
    entry{term::level_alarm1, "alarm1", "一级预警"},
    entry{term::level_alarm2, "alarm2", "二级预警"},
    entry{term::level_overdraft, "overdraft", "透支"},
    entry{term::level_exhausted, "exhausted", "余额耗尽"},
    entry{term::level_closed, "closed", "已销户"},
    entry{term::currency_cny, "CNY", "元"},
    // HTML. The English heading was bilingual before languages and stays so.
    entry{term::html_heading, "电费账单 Electricity bill", "电费账单", "电费账单 Electricity bill"},
    entry{term::html_tariff, "Tariff {0} · rounding {1}", "电价方案 {0} · 舍入规则 {1}",
          "电价方案 Tariff {0} · 舍入规则 rounding {1}"},
    entry{term::html_meters, "Meters and readings", "表计与读数"},
    entry{term::html_meter, "meter", "表号"},
    entry{term::html_multiplier, "× multiplier", "× 倍率"},
    entry{term::html_used_kwh, "used kWh", "用量(千瓦时)", "用量 used kWh"},
    entry{term::html_charges, "Charges", "费用明细"},
    entry{term::html_charge, "charge", "费用项目"},
    entry{term::html_explanation, "explanation", "计算说明"},
    entry{term::html_amount, "amount", "金额"},
    entry{term::html_total, "Total", "合计"},
    entry{term::html_chart, "Use by rate register (kWh)", "分时段用电量（千瓦时）",
          "分时段用电量 Use by rate register (kWh)"},
    entry{term::html_previous, "Previous months", "往月记录"},
    entry{term::html_month, "month", "月份"},
    entry{term::html_kwh, "kWh", "千瓦时"},
    entry{term::html_no_history, "no earlier months", "无往月记录"},
    entry{term::html_footer,
          "Every amount is exact to the fen and explained line by line. Generated by submeter {0}.",
          "每笔金额精确到分，逐行列明计算过程。由 submeter {0} 生成。",
          "每笔金额精确到分，逐行列明计算过程。Every amount is exact to the fen and explained line "
          "by line. 由 submeter {0} 生成 Generated by submeter {0}."},
    entry{term::html_account, "Account ({0})", "账户（{0}）", "账户 Account（{0}）"},
    entry{term::html_opening, "opening balance", "期初余额"},
    entry{term::html_recharged, "recharged", "充值"},
    entry{term::html_this_bill, "this bill", "本期费用"},
    entry{term::html_balance, "balance", "余额"},
    entry{term::html_level, "Level", "状态"},
    entry{term::html_arrears, " · arrears {0}", " · 欠费 {0}", " · 欠费 arrears {0}"},
    entry{term::html_refunded, " · account closed, refunded {0}", " · 已销户，退款 {0}",
          " · 已销户 account closed，退款 refunded {0}"},
    entry{term::html_relay, " · relay ", " · 继电器 ", " · 继电器 relay "},
    entry{term::html_cut_now, "to be cut now", "立即拉闸断电", "立即拉闸断电 to be cut now"},
    entry{term::html_water_m3, "water m3", "用水(立方米)", "用水 water m³"},
    entry{term::quality_actual, "actual", "实抄"},
    entry{term::quality_estimated, "estimated", "估抄"},
    entry{term::quality_substituted, "substituted", "替代"},
    entry{term::mark_estimated, "est.", "估", "估"},
    entry{term::mark_substituted, "sub.", "替", "替"},
    entry{term::read_note, "  {0} {1} read at {2}: {3}, {4} {5}; basis: {6}",
          "  {0}：{1} {2} 读数 {3}，{4} {5}，依据：{6}",
          "  {0}：{1} {2} 读数 read {3}，{4} {5}，依据 basis：{6}"},
    entry{term::line_quality, " [{0} read at {1}]", " [{0}读数 {1}]", " [{0}读数 read {1}]"},
    entry{term::method_linear, "linear", "线性插值"},
    entry{term::method_like_day, "like_day", "同类日"},
    entry{term::method_average_of_periods, "average_of_periods", "前期平均"},
    entry{term::bill_number_line, "Bill no. {0}", "账单编号：{0}", "账单编号 Bill no.：{0}"},
    entry{term::invoice_part, "; invoice no. {0}", "；发票号：{0}", "；发票号 Invoice no.：{0}"},
    entry{term::tax_title, "VAT included ({0}):", "其中增值税（{0}）：",
          "其中增值税 VAT included（{0}）："},
    entry{term::tax_per_bill, "rounded per bill", "按账单舍入", "按账单舍入 rounded per bill"},
    entry{term::tax_per_line, "rounded per line", "逐行舍入", "逐行舍入 rounded per line"},
    entry{term::tax_part_line, "  {0} at {1} %: net {2} + VAT {3} = {4}",
          "  {0}（税率 {1}%）：不含税金额 {2} + 税额 {3} = {4}",
          "  {0}（税率 rate {1}%）：不含税金额 net {2} + 税额 VAT {3} = {4}"},
    entry{term::tax_not_split, "  not split (no VAT rate): {0}", "  未作价税分离（无税率）：{0}",
          "  未作价税分离 not split（无税率 no VAT rate）：{0}"},
    entry{term::tax_sum_line, "  net {0} + VAT {1} = total {2}",
          "  不含税合计 {0} + 税额合计 {1} = 价税合计 {2}",
          "  不含税合计 net {0} + 税额合计 VAT {1} = 价税合计 total {2}"},
    entry{term::tax_electricity, "electricity", "电费"},
    entry{term::tax_gas, "gas", "燃气费"},
    entry{term::tax_property_fee, "property fee", "物业费"},
    entry{term::tax_rent, "rent", "租金"},
    entry{term::tax_service, "service", "服务费"},
    entry{term::tax_water, "water", "水费"},
    entry{term::payment_bill_title, "Payment bill {0}, issued {1}, due {2}: {3} {4}",
          "缴费账单 {0}，出账 {1}，缴费截止 {2}：{3} {4}",
          "缴费账单 Payment bill {0}，出账 issued {1}，缴费截止 due {2}：{3} {4}"},
    entry{term::credit_note_title, "Credit note {0}, issued {1}: {2} {3}",
          "退费凭证 {0}，出账 {1}：{2} {3}", "退费凭证 Credit note {0}，出账 issued {1}：{2} {3}"},
    entry{term::deducted_line, "Deducted from the balance: {0} {1}", "从余额扣除：{0} {1}",
          "从余额扣除 Deducted from the balance：{0} {1}"},
    entry{term::due_with_bill_line, "Due with this bill: {0} {1}", "随本账单缴纳：{0} {1}",
          "随本账单缴纳 Due with this bill：{0} {1}"},
    entry{term::dry_title, "Dry run of {0} against {1}: {2} bills billed, {3} issued",
          "试算 {0}，对照 {1}：本次出账 {2} 份，已出账 {3} 份",
          "试算 Dry run {0}，对照 against {1}：本次出账 billed {2} 份，已出账 issued {3} 份"},
    entry{term::dry_counts, "{0} unchanged, {1} changed, {2} added, {3} removed; net change {4} {5}",
          "未变 {0} 份，变更 {1} 份，新增 {2} 份，取消 {3} 份；净变化 {4} {5}",
          "未变 unchanged {0}，变更 changed {1}，新增 added {2}，取消 removed {3}；"
          "净变化 net change {4} {5}"},
    entry{term::dry_nothing, "Nothing was posted or written.", "未记账，未写入任何文件。",
          "未记账，未写入任何文件。Nothing was posted or written."},
    entry{term::dry_no_change, "Billing again would change nothing.", "重新出账不会改变任何账单。",
          "重新出账不会改变任何账单。Billing again would change nothing."},
    entry{term::dry_bill_changed, "{0} {1}: changed, total {2} -> {3} ({4})",
          "{0} {1}：变更，合计 {2} → {3}（{4}）",
          "{0} {1}：变更 changed，合计 total {2} → {3}（{4}）"},
    entry{term::dry_bill_added, "{0} {1}: added, total {2}", "{0} {1}：新增，合计 {2}",
          "{0} {1}：新增 added，合计 total {2}"},
    entry{term::dry_bill_removed, "{0} {1}: removed, total {2}", "{0} {1}：取消，合计 {2}",
          "{0} {1}：取消 removed，合计 total {2}"},
    entry{term::dry_number, "  number {0} -> {1}", "  账单编号 {0} → {1}",
          "  账单编号 number {0} → {1}"},
    entry{term::dry_line_added, "  added    {0} {1} {2}: {3}", "  新增  {0} {1} {2}：{3}",
          "  新增 added  {0} {1} {2}：{3}"},
    entry{term::dry_line_removed, "  removed  {0} {1} {2}: {3}", "  取消  {0} {1} {2}：{3}",
          "  取消 removed  {0} {1} {2}：{3}"},
    entry{term::dry_line_changed, "  changed  {0} {1} {2}:", "  变更  {0} {1} {2}：",
          "  变更 changed  {0} {1} {2}："},
    entry{term::dry_quantity, " quantity {0} -> {1}", " 数量 {0} → {1}", " 数量 quantity {0} → {1}"},
    entry{term::dry_price, " unit price {0} -> {1}", " 单价 {0} → {1}",
          " 单价 unit price {0} → {1}"},
    entry{term::dry_amount, " amount {0} -> {1} ({2})", " 金额 {0} → {1}（{2}）",
          " 金额 amount {0} → {1}（{2}）"},
    entry{term::history_title, "History of {0} {1} from {2} to {3} ({4})",
          "{0} {1} 账务明细：{2} 至 {3}（{4}）",
          "{0} {1} 账务明细 History：{2} 至 {3}（{4}）"},
    entry{term::history_bills, "Bills:", "账单：", "账单 Bills："},
    entry{term::history_bill_line, "  {0}  {1} kWh  {2} m3  total {3}",
          "  {0}  用电 {1} 千瓦时  用水 {2} 立方米  合计 {3}",
          "  {0}  用电 {1} kWh  用水 {2} m³  合计 total {3}"},
    entry{term::history_recharges, "Recharges:", "充值：", "充值 Recharges："},
    entry{term::history_deductions, "Deductions and charges:", "扣费：",
          "扣费 Deductions and charges："},
    entry{term::history_money_line, "  {0}  {1}  {2}", "  {0}  {1}  {2}", "  {0}  {1}  {2}"},
    entry{term::history_none, "  none", "  无", "  无 none"},
    entry{term::history_sums,
          "Totals: {0} kWh, {1} m3, billed {2}, recharged {3}, deducted {4} {5}",
          "合计：用电 {0} 千瓦时，用水 {1} 立方米，账单 {2}，充值 {3}，扣费 {4} {5}",
          "合计 Totals：用电 {0} kWh，用水 {1} m³，账单 billed {2}，充值 recharged {3}，"
          "扣费 deducted {4} {5}"},
    entry{term::history_source_site,
          "(recharges from site.json; deductions: the bills, posted at the end of each)",
          "（充值取自 site.json；扣费即各期账单，于期末记账）",
          "（充值取自 site.json；扣费即各期账单，于期末记账 recharges from site.json; deductions: "
          "the bills, posted at the end of each）"},
    entry{term::history_source_store, "(recharges and deductions from the ledger {0})",
          "（充值与扣费取自账本 {0}）", "（充值与扣费取自账本 recharges and deductions from the ledger {0}）"},
    entry{term::live_line, "  live deductions {0}: {1}; true-up {2}", "  {0} 实时扣费 {1}；月末补差 {2}",
          "  {0} 实时扣费 live deductions {1}；月末补差 true-up {2}"},
};

// The table is indexed by `term`: one row per term, in the enumeration's order.
constexpr bool in_order() {
  for (std::size_t i = 0; i < catalogue.size(); ++i) {
    if (static_cast<std::size_t>(catalogue[i].key) != i) return false;
  }
  return catalogue.size() == static_cast<std::size_t>(term::last_term_);
}
static_assert(in_order(), "the catalogue has one row per term, in the order of `term`");

// Component names (bill::component), in the enumeration's order.
constexpr std::pair<bill::component, std::string_view> component_names[] = {
    {bill::component::adjustment, "电费退补"},
    {bill::component::backbill, "追补电费"},
    {bill::component::capacity, "基本电费(容量)"},
    {bill::component::common_area, "公摊电费"},
    {bill::component::demand, "基本电费(需量)"},
    {bill::component::allowance, "免费电量额度"},
    {bill::component::energy, "电度电费"},
    {bill::component::fixed, "固定费用"},
    {bill::component::gas, "燃气费"},
    {bill::component::loss, "损耗分摊"},
    {bill::component::minimum, "最低消费补足"},
    {bill::component::power_factor, "力调电费"},
    {bill::component::property_fee, "物业费"},
    {bill::component::rent, "租金"},
    {bill::component::service_fee, "服务费"},
    {bill::component::sewerage, "污水处理费"},
    {bill::component::tier_adder, "阶梯加价"},
    {bill::component::water, "水费"},
    {bill::component::water_loss, "水损分摊"},
};

// Rate register names (metering::register_name) and their Chinese (TOU-4: 尖峰平谷).
constexpr std::pair<std::string_view, std::string_view> register_names[] = {
    {"total", "总"}, {"sharp", "尖"},  {"peak", "峰"},
    {"flat", "平"},  {"valley", "谷"}, {"deep_valley", "深谷"},
};

// Rounding policies (core/rounding.hpp).
constexpr std::pair<rounding, std::string_view> rounding_names[] = {
    {rounding::half_up, "四舍五入"}, {rounding::half_even, "四舍六入五成双"},
    {rounding::toward_zero, "截尾"}, {rounding::floor, "向下舍入"},
    {rounding::ceil, "向上舍入"},
};

// The engine's fixed phrases in explanations and relay reasons, replaced in this order (a longer
// phrase before a phrase it holds). Each is distinctive enough not to occur inside an id.
constexpr std::pair<std::string_view, std::string_view> phrases[] = {
    {"line and transformer losses received down the meter tree", "沿计量树分摊的线路及变压器损耗"},
    {"water losses received down the water meter tree", "沿水表计量树分摊的管网损耗"},
    {"water losses (master water meter − Σ below)", "管网损耗（总水表 − 下级水表之和）"},
    {"refund of the days paid in advance and not occupied: ", "退还已预收未使用天数："},
    {"refund of the basic charge paid in advance for days not occupied: ",
     "退还已预收未使用天数的基本电费："},
    {"basic charge (capacity, TP-2): ", "基本电费（容量，TP-2）："},
    {", interval data)", ", 按15分钟数据拆分)"},
    {"(quarterly in advance, cycle ", "(按季预收，周期 "},
    {"(quarterly in arrears, cycle ", "(按季后付，周期 "},
    {"(half-yearly in advance, cycle ", "(按半年预收，周期 "},
    {"(half-yearly in arrears, cycle ", "(按半年后付，周期 "},
    {"(yearly in advance, cycle ", "(按年预收，周期 "},
    {"(yearly in arrears, cycle ", "(按年后付，周期 "},
    {"(TP-8; quarterly in advance, cycle ", "(TP-8；按季预收，周期 "},
    {"(TP-8; quarterly in arrears, cycle ", "(TP-8；按季后付，周期 "},
    {"(TP-8; half-yearly in advance, cycle ", "(TP-8；按半年预收，周期 "},
    {"(TP-8; half-yearly in arrears, cycle ", "(TP-8；按半年后付，周期 "},
    {"(TP-8; yearly in advance, cycle ", "(TP-8；按年预收，周期 "},
    {"(TP-8; yearly in arrears, cycle ", "(TP-8；按年后付，周期 "},
    {"reads at the change instant", "按调价时刻读数"},
    {", by days)", ", 按天数拆分)"},
    {"(capacity + demand + energy + tier_adder, PF-3/PF-4)",
     "(基本电费(容量) + 基本电费(需量) + 电度电费 + 阶梯加价, PF-3/PF-4)"},
    {" vs standard ", " 考核标准 "},
    {" × base ", " × 基数 "},
    {" common_area by area = ", " 公摊电费 按面积分摊 = "},
    {" common_area by equal = ", " 公摊电费 按户均摊 = "},
    {" common_area by consumption = ", " 公摊电费 按用电量分摊 = "},
    {" common_area by headcount = ", " 公摊电费 按人数分摊 = "},
    {" common_area by custom_ratio = ", " 公摊电费 按约定比例分摊 = "},
    {" common_area by weight = ", " 公摊电费 按权重分摊 = "},
    {"pass-through share of the grid bill", "按电网账单转供分摊"},
    {"share of site ", "全场分摊 "},
    {"share of ", "分摊总额 "},
    {"common area ", "公共区域 "},
    {" re-rated: refund of ", " 重新计费：退还 "},
    {" re-rated: supplement of ", " 重新计费：补收 "},
    {" re-rated: ", " 重新计费："},
    {"[meter installed ", "[换装新表 "},
    {", replaces ", "，替换 "},
    {"[meter removed ", "[拆除旧表 "},
    {" per monthly cycle", " 元/月"},
    {" days = ", " 天 = "},
    {" months = ", " 个月 = "},
    {"yuan/m2·month", "元/平方米·月"},
    {"yuan/kVA·month", "元/千伏安·月"},
    {"yuan/kW·month", "元/千瓦·月"},
    {"yuan/kWh", "元/千瓦时"},
    {"yuan/m3", "元/立方米"},
    {" m2 × ", " 平方米 × "},
    {" m3 × ", " 立方米 × "},
    {" (sharp)", " (尖)"},
    {" (peak)", " (峰)"},
    {" (flat)", " (平)"},
    {" (valley)", " (谷)"},
    {"postpaid: no prepaid cut-off; arrears are collected by the bill",
     "后付费：不预付断电，欠费随账单收取"},
    {"level does not trip", "该状态不断电"},
    {"relay open, lock restorable", "已分闸，充值后可恢复"},
    {"relay open, lock locked", "已分闸，已锁定"},
    {"account closed", "已销户"},
    {"no trip pending", "无待执行的断电"},
    {"true-up of estimate ", "估抄差额调整 "},
    {" average_of_periods at ", " 前期平均 于 "},
    {" like_day at ", " 同类日 于 "},
    {" linear at ", " 线性插值 于 "},
    {" (billed ", "（原账期 "},
    {"): actual ", "）：实抄 "},
    {" - estimated ", " - 估抄 "},
};

// Replaces every `from` in `text` by `to`.
void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// The engine's phrases in `text` translated, and "line 3 (" of a re-rated line as "第 3 行 (".
std::string translate_phrases(std::string text) {
  for (const auto& [from, to] : phrases) replace_all(text, from, to);
  constexpr std::string_view line = " line ";
  for (auto at = text.find(line); at != std::string::npos; at = text.find(line, at + 1)) {
    auto end = at + line.size();
    while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
    if (end == at + line.size() || text.compare(end, 2, " (") != 0) continue;
    const auto number = text.substr(at + line.size(), end - at - line.size());
    text.replace(at, end - at, " 第 " + number + " 行");
  }
  return text;
}

// The catalogue entry of `t`.
const entry& row(term t) { return catalogue[static_cast<std::size_t>(t)]; }

}  // namespace

std::string_view to_string(lang l) noexcept {
  switch (l) {
    case lang::zh:
      return "zh";
    case lang::zh_en:
      return "zh-en";
    case lang::en:
      break;
  }
  return "en";
}

lang parse_lang(std::string_view text, std::string_view option) {
  if (text == "en") return lang::en;
  if (text == "zh") return lang::zh;
  if (text == "zh-en") return lang::zh_en;
  throw error(errc::invalid_argument, "an unknown bill language",
              {{"option", std::string(option)},
               {"value", std::string(text)},
               {"expected", "en, zh or zh-en"}});
}

std::string say(lang l, term t, std::initializer_list<std::string_view> args) {
  const auto& e = row(t);
  std::string form;
  if (l == lang::en) {
    form = e.en;
  } else if (l == lang::zh) {
    form = e.zh;
  } else if (!e.zh_en.empty()) {
    form = e.zh_en;
  } else {
    form = std::string(e.zh) + " " + std::string(e.en);
  }
  // One pass over the form, so that a name holding "{1}" is printed as given.
  std::string out;
  out.reserve(form.size() + 64);
  for (std::size_t i = 0; i < form.size(); ++i) {
    if (form[i] == '{' && i + 2 < form.size() && form[i + 2] == '}' && form[i + 1] >= '0' &&
        form[i + 1] <= '9') {
      const auto n = static_cast<std::size_t>(form[i + 1] - '0');
      if (n < args.size()) {
        out += *(args.begin() + n);
        i += 2;
        continue;
      }
    }
    out += form[i];
  }
  return out;
}

namespace {

// `zh` alone, or with its English in zh-en, or the English.
std::string word(lang l, std::string_view en, std::string_view zh) {
  if (l == lang::en) return std::string(en);
  if (l == lang::zh) return std::string(zh);
  return std::string(zh) + " " + std::string(en);
}

}  // namespace

std::string component_name(lang l, bill::component c) {
  for (const auto& [key, zh] : component_names) {
    if (key == c) return word(l, bill::to_string(c), zh);
  }
  return std::string(bill::to_string(c));
}

std::string register_label(lang l, std::string_view name) {
  for (const auto& [en, zh] : register_names) {
    if (en == name) return word(l, en, zh);
  }
  return std::string(name);
}

std::string mode_name(lang l, ledger::account_mode m) {
  return say(l, m == ledger::account_mode::prepaid ? term::mode_prepaid : term::mode_postpaid);
}

std::string level_name(lang l, std::string_view level) {
  for (const auto t :
       {term::level_normal, term::level_alarm1, term::level_alarm2, term::level_overdraft,
        term::level_exhausted, term::level_closed, term::mode_postpaid}) {
    if (row(t).en == level) return say(l, t);
  }
  return std::string(level);
}

std::string currency_name(lang l, std::string_view currency) {
  return currency == row(term::currency_cny).en ? say(l, term::currency_cny)
                                                : std::string(currency);
}

std::string rounding_text(lang l, rounding mode, int places, bool per_line) {
  const std::string unit =
      places == 0 ? "1" : "0." + std::string(static_cast<std::size_t>(places - 1), '0') + "1";
  const std::string en = std::string(submeter::to_string(mode)) + " to " + unit +
                         (per_line ? " per line" : " on the total only");
  if (l == lang::en) return en;
  std::string_view name = submeter::to_string(mode);
  for (const auto& [key, zh] : rounding_names) {
    if (key == mode) name = zh;
  }
  const std::string zh =
      std::string(name) + "至 " + unit + (per_line ? "，逐行舍入" : "，仅合计舍入");
  return l == lang::zh ? zh : zh + " " + en;
}

std::string time_text(lang l, local_time t) {
  if (l == lang::en) return format_time(t);
  const auto day = date::floor<date::days>(t);
  const date::year_month_day ymd{day};
  const auto secs = std::chrono::duration_cast<std::chrono::seconds>(t - day).count();
  char buf[128];  // room for any int64 the compiler can imagine (-Wformat-truncation)
  std::snprintf(buf, sizeof buf, "%d年%u月%u日 %02lld:%02lld", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60));
  std::string out = buf;
  if (secs % 60 != 0) {
    std::snprintf(buf, sizeof buf, ":%02lld", static_cast<long long>(secs % 60));
    out += buf;
  }
  return out;
}

std::string month_text(lang l, std::string_view label) {
  const auto digits = [&](std::size_t from, std::size_t n) {
    for (std::size_t i = from; i < from + n; ++i) {
      if (label[i] < '0' || label[i] > '9') return false;
    }
    return true;
  };
  if (l == lang::en || label.size() != 7 || label[4] != '-' || !digits(0, 4) || !digits(5, 2)) {
    return std::string(label);
  }
  const int month = (label[5] - '0') * 10 + (label[6] - '0');
  return std::string(label.substr(0, 4)) + "年" + std::to_string(month) + "月";
}

std::string explanation_text(lang l, std::string_view text) {
  if (l == lang::en) return std::string(text);
  // Text in square brackets that the engine did not write (a price version's id and document,
  // tiers.md's notes) is the site file's own and is left as given.
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    const auto open = text.find('[', at);
    const auto close = open == std::string_view::npos ? open : text.find(']', open);
    if (close == std::string_view::npos) {
      out += translate_phrases(std::string(text.substr(at)));
      break;
    }
    out += translate_phrases(std::string(text.substr(at, open - at)));
    const auto inside = text.substr(open, close + 1 - open);
    const bool engine =
        inside.rfind("[meter installed ", 0) == 0 || inside.rfind("[meter removed ", 0) == 0;
    out += engine ? translate_phrases(std::string(inside)) : std::string(inside);
    at = close + 1;
  }
  return out;
}

std::string reason_text(lang l, std::string_view text) {
  if (l == lang::en) return std::string(text);
  // "level alarm1": the level's name.
  if (text.rfind("level ", 0) == 0 && text.find(' ', 6) == std::string_view::npos) {
    return say(l, term::level_reason, {level_name(l, text.substr(6))});
  }
  return translate_phrases(std::string(text));
}

std::size_t display_width(std::string_view text) noexcept {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    char32_t cp = b;
    std::size_t n = 1;
    if (b >= 0xf0) {
      n = 4;
      cp = b & 0x07u;
    } else if (b >= 0xe0) {
      n = 3;
      cp = b & 0x0fu;
    } else if (b >= 0xc0) {
      n = 2;
      cp = b & 0x1fu;
    }
    for (std::size_t k = 1; k < n && i + k < text.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3fu);
    }
    i += n;
    // East Asian Wide and Fullwidth (UAX #11), the ranges bills meet.
    const bool wide = (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
                      (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
                      (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
                      (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

std::string pad_columns_right(std::string text, std::size_t width) {
  const auto w = display_width(text);
  if (w < width) text.append(width - w, ' ');
  return text;
}

std::string pad_columns_left(std::string text, std::size_t width) {
  const auto w = display_width(text);
  if (w < width) text.insert(0, width - w, ' ');
  return text;
}

std::string csv_header(lang l) {
  static constexpr std::pair<std::string_view, std::string_view> columns[] = {
      {"tenant", "租户"},          {"period", "计费周期"},
      {"tariff", "电价方案"},      {"component", "费用项目"},
      {"meter", "表号"},           {"register", "时段号"},
      {"register_name", "时段"},   {"tier", "阶梯"},
      {"version", "电价版本"},     {"window_from", "起始时间"},
      {"window_to", "结束时间"},   {"split_method", "拆分方式"},
      {"quantity", "数量"},        {"unit", "单位"},
      {"unit_price", "单价"},      {"price_unit", "单价单位"},
      {"unrounded", "未舍入金额"}, {"amount", "金额"},
      {"explanation", "计算说明"},
  };
  std::string out;
  for (const auto& [en, zh] : columns) {
    if (!out.empty()) out += ',';
    out += word(l, en, zh);
  }
  return out;
}

std::string csv_number_columns(lang l) {
  return "," + word(l, "bill_number", "账单编号") + "," + word(l, "invoice", "发票号");
}

std::string tax_class_name(lang l, bill::tax_class c) {
  switch (c) {
    case bill::tax_class::electricity:
      return say(l, term::tax_electricity);
    case bill::tax_class::gas:
      return say(l, term::tax_gas);
    case bill::tax_class::property_fee:
      return say(l, term::tax_property_fee);
    case bill::tax_class::rent:
      return say(l, term::tax_rent);
    case bill::tax_class::service:
      return say(l, term::tax_service);
    case bill::tax_class::water:
      return say(l, term::tax_water);
  }
  return std::string(bill::to_string(c));
}

std::string quality_name(lang l, metering::reading_quality q) {
  switch (q) {
    case metering::reading_quality::estimated:
      return say(l, term::quality_estimated);
    case metering::reading_quality::substituted:
      return say(l, term::quality_substituted);
    case metering::reading_quality::actual:
      break;
  }
  return say(l, term::quality_actual);
}

std::string quality_mark(lang l, metering::reading_quality q) {
  switch (q) {
    case metering::reading_quality::estimated:
      return say(l, term::mark_estimated);
    case metering::reading_quality::substituted:
      return say(l, term::mark_substituted);
    case metering::reading_quality::actual:
      break;
  }
  return {};
}

namespace {

// An estimation method's name (vee::to_string(estimate_method)), in `l`; another is as given.
std::string method_text(lang l, const std::string& method) {
  if (method == "linear") return say(l, term::method_linear);
  if (method == "like_day") return say(l, term::method_like_day);
  if (method == "average_of_periods") return say(l, term::method_average_of_periods);
  return method;
}

}  // namespace

std::string read_note_text(lang l, const bill::read_note& n) {
  return say(
      l, term::read_note,
      {quality_name(l, n.quality), register_label(l, metering::register_name(n.register_number)),
       time_text(l, n.time), bill::group_thousands(n.value.to_string(2)), n.rule,
       method_text(l, n.method), n.basis});
}

std::string line_quality_text(lang l, const bill::bill& b, const bill::line& line, bool detailed) {
  std::string out;
  if (b.reads.empty() || line.component == bill::component::adjustment) return out;
  for (const auto& n : b.reads) {
    if (n.meter_id != line.meter_id || n.register_number != line.rate_register) continue;
    if (detailed) {
      out += " [" + read_note_text(l, n).substr(2) + "]";  // without the note's indent
    } else {
      out += say(l, term::line_quality, {quality_name(l, n.quality), time_text(l, n.time)});
    }
  }
  return out;
}

}  // namespace submeter::render
