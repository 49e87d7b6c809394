"""Japanese and English messages, and ``t(key, lang, **params)`` to look them up.

Every message is Markdown, because Streamlit renders labels, captions and alerts as Markdown.
Parameters usually carry user text (a bad token, a label), so ``t`` escapes them: whatever a
user typed shows up literally and can never turn into a link, emphasis or a formula.
"""

from __future__ import annotations

import re

LANGUAGES = ("ja", "en")
DEFAULT_LANGUAGE = "en"
# The language switch shows these names, and a bound widget writes what it shows to the URL:
# links carry lang=日本語 or lang=English.
LANGUAGE_NAMES = {"ja": "日本語", "en": "English"}

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$&:])")


def escape_markdown(text: str) -> str:
    """Backslash-escape every character that Markdown, HTML or LaTeX would interpret."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def language_from_locale(locale: str | None) -> str:
    """Map a browser locale such as ``"ja-JP"`` or ``"en-US"`` to ``"ja"`` or ``"en"``."""
    return "ja" if (locale or "").lower().startswith("ja") else DEFAULT_LANGUAGE


def t(key: str, lang: str, /, **params: object) -> str:
    """Return message ``key`` in ``lang`` with ``params`` filled in and Markdown-escaped.

    Examples
    --------
    >>> t("input_empty_cell", "en", row="1*2", column=3)
    'Row 1\\\\*2, column 3 of the grid is empty. Type a number there.'
    """
    entry = CATALOG[key]
    text = entry.get(lang, entry[DEFAULT_LANGUAGE])
    if not params:
        return text
    return text.format(**{name: escape_markdown(str(value)) for name, value in params.items()})


def t_plain(key: str, lang: str, /, **params: object) -> str:
    """Like :func:`t` but without Markdown escaping, for text that is never rendered as Markdown
    (chart titles, CSV headers, dataframe column names)."""
    entry = CATALOG[key]
    return entry.get(lang, entry[DEFAULT_LANGUAGE]).format(**params)


CATALOG: dict[str, dict[str, str]] = {
    # --- input problems (softmax_viz.parsing) ---
    # A text box or a link's vector
    "input_too_long": {
        "en": "The input has {length} characters; the limit is {cap}. Shorten it, or use fewer values.",
        "ja": "入力が {length} 文字あります。上限は {cap} 文字なので、短くするか値を減らしてください。",
    },
    "input_empty": {
        "en": "The input is empty. Type at least one number.",
        "ja": "入力が空です。数値を 1 つ以上入力してください。",
    },
    "input_too_many_values": {
        "en": "There are {count} values, but this page takes at most {cap}. Remove some values.",
        "ja": "値が {count} 個あります。このページで扱えるのは {cap} 個までなので、減らしてください。",
    },
    "input_bad_token": {
        "en": "Value {position}, “{token}”, is not a number. Separate numbers with commas or spaces.",
        "ja": "{position} 番目の「{token}」は数値として読めません。数値はカンマか空白で区切ってください。",
    },
    "input_nan": {
        "en": "Value {position}, “{token}”, means “not a number” (NaN), so it has no probability. Replace it with a number.",
        "ja": "{position} 番目の「{token}」は「非数」（NaN）を表すので、確率を計算できません。数値に置き換えてください。",
    },
    "input_infinite": {
        "en": "Value {position}, “{token}”, is infinite, and softmax needs finite numbers. Type a large number such as 1000 instead.",
        "ja": "{position} 番目の「{token}」は無限大ですが、ソフトマックスには有限の数が必要です。代わりに 1000 のような大きな数を入れてください。",
    },
    "input_masked_not_allowed": {
        "en": "Value {position}, “{token}”, is minus infinity, which masks a class. Only the “Logits → probabilities” page accepts it; here, type a finite number such as −1000.",
        "ja": "{position} 番目の「{token}」はマイナス無限大で、クラスをマスクするための値です。使えるのは「ロジット → 確率」のページだけなので、ここでは −1000 のような有限の数を入れてください。",
    },
    "input_too_large": {
        "en": "Value {position}, “{token}”, is too far from zero for a 64-bit float (the limit is about ±1.8e308). Type a number closer to zero.",
        "ja": "{position} 番目の「{token}」は 64 ビット浮動小数点数で表せる範囲（約 ±1.8e308）を超えています。もっと 0 に近い数にしてください。",
    },
    "input_all_masked": {
        "en": "Every value is −inf, so no class is left to take the probability. Keep at least one finite value.",
        "ja": "すべての値が −inf なので、確率を受け取るクラスが残りません。有限の値を 1 つ以上残してください。",
    },
    # A matrix
    "input_too_many_rows": {
        "en": "The matrix has {count} rows; the limit is {cap}. Remove some rows.",
        "ja": "行列が {count} 行あります。上限は {cap} 行なので、行を減らしてください。",
    },
    "input_too_many_columns": {
        "en": "Row {row} has {count} values; a row can hold at most {cap}. Remove some values.",
        "ja": "{row} 行目に値が {count} 個あります。1 行に入れられるのは {cap} 個までなので、減らしてください。",
    },
    "input_ragged_row": {
        "en": "Row {row} has {found} values, but the first row has {expected}. Give every row the same number of values.",
        "ja": "{row} 行目の値は {found} 個ですが、1 行目は {expected} 個です。すべての行で個数をそろえてください。",
    },
    "input_bad_token_in_row": {
        "en": "Row {row}, value {column}: “{token}” is not a number. Separate numbers with commas or spaces, and rows with new lines.",
        "ja": "{row} 行目の {column} 番目「{token}」は数値として読めません。数値はカンマか空白で、行は改行で区切ってください。",
    },
    "input_nan_in_row": {
        "en": "Row {row}, value {column}: “{token}” means “not a number” (NaN). Replace it with a number.",
        "ja": "{row} 行目の {column} 番目「{token}」は「非数」（NaN）です。数値に置き換えてください。",
    },
    "input_infinite_in_row": {
        "en": "Row {row}, value {column}: “{token}” is infinite. Type a finite number such as 1000 or −1000 instead.",
        "ja": "{row} 行目の {column} 番目「{token}」は無限大です。代わりに 1000 や −1000 のような有限の数を入れてください。",
    },
    "input_too_large_in_row": {
        "en": "Row {row}, value {column}: “{token}” is too far from zero for a 64-bit float (the limit is about ±1.8e308). Type a number closer to zero.",
        "ja": "{row} 行目の {column} 番目「{token}」は 64 ビット浮動小数点数で表せる範囲（約 ±1.8e308）を超えています。もっと 0 に近い数にしてください。",
    },
    # Class labels
    "input_too_many_labels": {
        "en": "There are {count} labels for {classes} classes. Remove the extra labels.",
        "ja": "クラスは {classes} 個ですが、ラベルが {count} 個あります。余分なラベルを消してください。",
    },
    "input_label_too_long": {
        "en": "Label {position}, “{label}”, is longer than {cap} characters. Shorten it.",
        "ja": "{position} 番目のラベル「{label}」が {cap} 文字を超えています。短くしてください。",
    },
    "input_duplicate_label": {
        "en": "Classes {first} and {second} are both labelled “{label}”, so their bars would merge. Give each class its own label.",
        "ja": "クラス {first} と {second} のラベルがどちらも「{label}」です。このままでは棒が重なるので、クラスごとに別のラベルにしてください。",
    },
    # A link's value for a widget
    "input_not_an_option": {
        "en": "“{value}” is not one of the choices ({options}).",
        "ja": "「{value}」は選択肢（{options}）のどれでもありません。",
    },
    "input_not_a_number": {
        "en": "“{value}” is not a number.",
        "ja": "「{value}」は数値ではありません。",
    },
    "input_number_not_finite": {
        "en": "“{value}” is not a finite number.",
        "ja": "「{value}」は有限の数ではありません。",
    },
    "input_not_integer": {
        "en": "“{value}” is not a whole number such as 3.",
        "ja": "「{value}」は 3 のような整数ではありません。",
    },
    "input_out_of_range": {
        "en": "“{value}” is outside the range {low} to {high}.",
        "ja": "「{value}」は {low} から {high} までの範囲に入っていません。",
    },
    # --- end of input problems ---
    # --- app and views ---
    "nav_logits": {"en": "Logits → probabilities", "ja": "ロジット → 確率"},
    "nav_overflow": {"en": "Overflow lab", "ja": "オーバーフロー実験室"},
    "nav_gradient": {"en": "Gradient", "ja": "勾配"},
    "nav_batch": {"en": "Batch and axis", "ja": "バッチと axis"},
    "link_value_ignored": {
        "en": "The link's value `{param}` = “{value}” was ignored and the default used.",
        "ja": "リンクの値 `{param}` = 「{value}」は使えないため、既定値にしました。",
    },
    "input_kept_last_good": {
        "en": "The charts still show the last valid input.",
        "ja": "グラフは最後に正しく読めた入力のままです。",
    },
    "input_empty_cell": {
        "en": "Row {row}, column {column} of the grid is empty. Type a number there.",
        "ja": "表の {row} 行 {column} 列が空です。数値を入れてください。",
    },
    "share_expander": {
        "en": "Share this exact view",
        "ja": "この状態を共有する",
    },
    "share_caption": {
        "en": "Link to exactly this view (copy with the button on the right):",
        "ja": "この状態をそのまま開くリンク（右のボタンでコピー）:",
    },
    "download_csv": {"en": "Download the numbers (CSV)", "ja": "数値をダウンロード（CSV）"},
    "preset_label": {"en": "Examples", "ja": "例"},
    "preset_placeholder": {"en": "Load an example…", "ja": "例を読み込む…"},
    "preset_one_two_three": {"en": "[1, 2, 3]", "ja": "[1, 2, 3]"},
    "preset_deep_learning": {
        "en": "[1.5, 0.8, −0.2] (a network's three outputs)",
        "ja": "[1.5, 0.8, −0.2]（ネットワークの 3 出力）",
    },
    "preset_cat_dog_bird": {
        "en": "[2.0, 1.0, 0.5] (cat, dog, bird)",
        "ja": "[2.0, 1.0, 0.5]（猫・犬・鳥）",
    },
    "preset_overflow": {
        "en": "705 … 714 (the textbook formula overflows)",
        "ja": "705 … 714（教科書どおりの式があふれる）",
    },
    "preset_tie": {"en": "A tie for first place", "ja": "1 位が同点"},
    "preset_masked": {
        "en": "A masked class (−inf)",
        "ja": "マスクされたクラス（−inf）",
    },
    "preset_ten_classes": {"en": "Ten classes", "ja": "10 クラス"},
    "preset_vocabulary": {
        "en": "10,000 logits (a vocabulary)",
        "ja": "10,000 個のロジット（語彙）",
    },
    "preset_underflow": {
        "en": "−800 … −791 (everything underflows)",
        "ja": "−800 … −791（すべてアンダーフロー）",
    },
    "preset_float32_overflow": {
        "en": "85 … 94 (float32's limit)",
        "ja": "85 … 94（float32 の限界）",
    },
    "preset_float16_overflow": {
        "en": "5 … 14 (float16's limit)",
        "ja": "5 … 14（float16 の限界）",
    },
    "preset_confident": {"en": "A confident prediction", "ja": "自信の強い予測"},
    "preset_small_integers": {
        "en": "randint(1, 10, (3, 3)) with seed 0",
        "ja": "seed 0 の randint(1, 10, (3, 3))",
    },
    "preset_scipy_example": {
        "en": "scipy's example [[1, 1, 5], [1, 2, 9]]",
        "ja": "scipy の例 [[1, 1, 5], [1, 2, 9]]",
    },
    "preset_large_logits": {
        "en": "Rows with large and small logits",
        "ja": "大きなロジットと小さなロジットの行",
    },
    # logits view
    "logits_title": {"en": "Logits → probabilities", "ja": "ロジット → 確率"},
    "logits_intro": {
        "en": "Softmax turns any list of real numbers (logits) into a probability distribution:"
        " $y_k = e^{x_k / T} / \\sum_j e^{x_j / T}$. Every output is positive, they add up to 1,"
        " and the order of the logits is kept. Change a logit or the temperature $T$ and watch"
        " every probability move, because they all share one denominator.",
        "ja": "ソフトマックスは、任意の実数の並び（ロジット）を確率分布に変えます:"
        " $y_k = e^{x_k / T} / \\sum_j e^{x_j / T}$。出力はすべて正で合計は 1、"
        "ロジットの大小の順番もそのまま残ります。ロジットや温度 $T$ を動かすと、"
        "分母を共有しているので、すべての確率がいっしょに動きます。",
    },
    "logits_text_label": {"en": "Logits", "ja": "ロジット"},
    "logits_text_help": {
        "en": "Numbers separated by commas, spaces or new lines (full-width digits and 、 work"
        " too), up to {cap} values. −inf masks a class. Press Ctrl+Enter to apply.",
        "ja": "カンマ・空白・改行で区切った数値（全角数字や 、 も可）。最大 {cap} 個。"
        "−inf はそのクラスをマスクします。Ctrl+Enter で反映。",
    },
    "labels_label": {"en": "Class labels (comma-separated)", "ja": "クラス名（カンマ区切り）"},
    "labels_help": {
        "en": "Missing labels are numbered 1, 2, 3, … Labels are shown as plain text.",
        "ja": "足りない分は 1, 2, 3, … と番号になります。ラベルはそのまま文字として表示します。",
    },
    "labels_default_used": {
        "en": "Numbered labels are shown instead.",
        "ja": "代わりに番号をラベルにしています。",
    },
    "temperature_label": {"en": "Temperature T (log scale)", "ja": "温度 T（対数目盛）"},
    "temperature_help": {
        "en": "softmax(x / T). Small T sharpens the distribution towards the largest logit;"
        " large T flattens it towards uniform.",
        "ja": "softmax(x / T)。T が小さいほど最大のロジットに集中し、大きいほど一様分布に近づきます。",
    },
    "top_label": {
        "en": "Classes to show ({count} in all; the rest share one bar)",
        "ja": "表示するクラス数（全 {count} 個。残りは 1 本の棒にまとめます）",
    },
    "rest_label": {"en": "rest ({count})", "ja": "残り（{count}）"},
    "logits_axis": {"en": "logit x", "ja": "ロジット x"},
    "probabilities_axis": {
        "en": "probability (T = {temperature})",
        "ja": "確率（T = {temperature}）",
    },
    "class_axis": {"en": "class", "ja": "クラス"},
    "sliders_hidden": {
        "en": "Sliders appear for up to {cap} finite logits; edit the text box above.",
        "ja": "スライダーは有限のロジット {cap} 個までです。上のテキスト欄で編集してください。",
    },
    "logit_slider": {"en": "x{number}", "ja": "x{number}"},
    "sum_metric": {"en": "Sum of probabilities", "ja": "確率の合計"},
    "sum_help": {
        "en": "Exactly 1 in real arithmetic; in floating point within a few units of 2⁻⁵³.",
        "ja": "実数では厳密に 1。浮動小数点では 2⁻⁵³ の数倍以内の誤差です。",
    },
    "entropy_metric": {"en": "Entropy (nats)", "ja": "エントロピー（nat）"},
    "entropy_help": {
        "en": "0 for a one-hot distribution, at most ln K = {maximum} for a uniform one.",
        "ja": "one-hot なら 0、一様分布で最大の ln K = {maximum}。",
    },
    "argmax_metric": {"en": "Most likely class", "ja": "最も確率の高いクラス"},
    "temperature_cold": {
        "en": "As T → 0 softmax becomes the one-hot argmax (tied maxima share equally).",
        "ja": "T → 0 でソフトマックスは argmax の one-hot になります（同点の最大値は等分）。",
    },
    "temperature_hot": {
        "en": "As T grows, every class approaches the same probability 1/K.",
        "ja": "T を大きくすると、すべてのクラスが同じ確率 1/K に近づきます。",
    },
    "col_class": {"en": "class", "ja": "クラス"},
    "col_probability": {"en": "probability", "ja": "確率"},
    "col_log_probability": {"en": "log-probability", "ja": "対数確率"},
    "col_argmax": {"en": "argmax", "ja": "argmax"},
    "table_expander": {
        "en": "Every number: x, x − max, exp, probability, log-probability (and CSV)",
        "ja": "すべての数値: x、x − 最大値、exp、確率、対数確率（CSV も）",
    },
    "table_top_rows": {
        "en": "The table lists the {shown} most likely of {count} classes; the CSV has all.",
        "ja": "表は {count} クラスのうち確率の高い {shown} 個です。CSV にはすべて入っています。",
    },
    "sigmoid_toggle": {
        "en": "Two classes: softmax and the sigmoid",
        "ja": "2 クラスのとき: ソフトマックスとシグモイド",
    },
    "sigmoid_intro": {
        "en": "With two classes and logits $[z, 0]$, softmax gives"
        " $e^z / (e^z + 1) = 1 / (1 + e^{-z})$, which is the logistic sigmoid $\\sigma(z)$."
        " Softmax is the sigmoid generalised to many classes.",
        "ja": "2 クラスでロジットが $[z, 0]$ のとき、ソフトマックスは"
        " $e^z / (e^z + 1) = 1 / (1 + e^{-z})$ となり、ロジスティック・シグモイド $\\sigma(z)$"
        " そのものです。ソフトマックスはシグモイドを多クラスに広げたものです。",
    },
    "sigmoid_values": {
        "en": "At z = {z}: softmax([z, 0])₁ = {softmax}, σ(z) = {sigmoid}.",
        "ja": "z = {z} のとき: softmax([z, 0])₁ = {softmax}、σ(z) = {sigmoid}。",
    },
    # overflow view
    "overflow_title": {"en": "Overflow lab", "ja": "オーバーフロー実験室"},
    "overflow_intro": {
        "en": "The textbook formula takes $e^{x}$ of every logit first. In float64 the largest"
        " number is about $1.8 \\times 10^{308}$, so $e^{x}$ becomes `inf` once $x$ passes"
        " about 709.78, and then `inf / inf` is `nan`. Subtracting the largest logit first"
        " gives the same probabilities and keeps every exponent at or below 0.",
        "ja": "教科書どおりの式は、まず各ロジットの $e^{x}$ を計算します。float64 で表せる最大値は"
        "約 $1.8 \\times 10^{308}$ なので、$x$ が約 709.78 を超えると $e^{x}$ は `inf` になり、"
        "`inf / inf` は `nan` になります。先に最大のロジットを引いておけば、確率は同じまま、"
        "指数はすべて 0 以下に収まります。",
    },
    "overflow_text_label": {"en": "Input vector", "ja": "入力ベクトル"},
    "overflow_text_help": {
        "en": "Up to {cap} numbers separated by commas or spaces. Press Ctrl+Enter to apply.",
        "ja": "カンマや空白で区切った数値を最大 {cap} 個。Ctrl+Enter で反映。",
    },
    "dtype_label": {"en": "Floating-point type", "ja": "浮動小数点型"},
    "shift_label": {"en": "Shift every value by", "ja": "全体をずらす量"},
    "shift_help": {
        "en": "Adds the same number to every element. Softmax ignores such a shift; the naive"
        " formula does not survive it.",
        "ja": "すべての要素に同じ数を足します。ソフトマックスの値は変わりませんが、"
        "素朴な式は途中で壊れます。",
    },
    "thresholds": {
        "en": "**{dtype}**: exp(x) overflows to inf for x > {overflow};"
        " it leaves the normal range below {normal} and flushes to 0 below {subnormal}.",
        "ja": "**{dtype}**: x > {overflow} で exp(x) は inf にあふれ、"
        "{normal} 未満で正規化数の範囲を外れ、{subnormal} 未満で 0 になります。",
    },
    "exp_chart_title": {
        "en": "exp(x) on a log scale, against the {dtype} limit",
        "ja": "exp(x)（対数目盛）と {dtype} の上限",
    },
    "element_axis": {"en": "element", "ja": "要素"},
    "col_exp": {"en": "exp", "ja": "exp"},
    "col_quotient": {"en": "y (quotient)", "ja": "y（商）"},
    "naive_heading": {"en": "Naive", "ja": "素朴な式"},
    "stable_heading": {"en": "Max-shifted (stable)", "ja": "最大値を引く式（安定）"},
    "scalar_max": {"en": "max m = {value}", "ja": "最大値 m = {value}"},
    "scalar_sum": {"en": "sum = {value}", "ja": "合計 = {value}"},
    "no_events": {
        "en": "No floating-point event: every step is exact to rounding.",
        "ja": "浮動小数点の例外は起きていません。各段階とも丸め誤差の範囲です。",
    },
    "event_line": {
        "en": "Step **{step}**: {event} at element(s) {elements}. {explanation}",
        "ja": "段階 **{step}**: 要素 {elements} で{event}。{explanation}",
    },
    "step_input": {"en": "input", "ja": "入力"},
    "step_max": {"en": "max", "ja": "最大値"},
    "step_shifted": {"en": "x − max", "ja": "x − 最大値"},
    "step_exp": {"en": "exp", "ja": "exp"},
    "step_sum": {"en": "sum", "ja": "合計"},
    "step_quotient": {"en": "quotient", "ja": "割り算"},
    "event_overflow": {"en": "overflow", "ja": "オーバーフロー"},
    "event_underflow": {"en": "underflow", "ja": "アンダーフロー"},
    "event_invalid": {"en": "invalid operation", "ja": "無効演算"},
    "event_divide": {"en": "division by zero", "ja": "ゼロ除算"},
    "event_overflow_why": {
        "en": "The result is larger than the type's largest number, so it became inf.",
        "ja": "結果が型の最大値を超えたので inf になりました。",
    },
    "event_underflow_why": {
        "en": "The result is smaller than the type can hold and lost digits or became 0.",
        "ja": "結果が型で表せるより小さく、桁が落ちるか 0 になりました。",
    },
    "event_invalid_why": {
        "en": "inf / inf or 0 / 0 has no value, so it became nan.",
        "ja": "inf / inf や 0 / 0 には値がないので nan になりました。",
    },
    "event_divide_why": {
        "en": "A finite number was divided by 0.",
        "ja": "有限の数を 0 で割りました。",
    },
    "verdict_broken": {
        "en": "The naive formula lost {broken} of {total} outputs; the max-shifted one is exact.",
        "ja": "素朴な式は {total} 個中 {broken} 個の出力を失いました。最大値を引く式は正確です。",
    },
    "verdict_same": {
        "en": "Both formulas agree here (largest difference {difference}): the trouble starts"
        " only past the threshold. Try the shift slider.",
        "ja": "ここでは両方の式が一致します（最大の差 {difference}）。問題は境界を越えてから"
        "起きます。ずらす量のスライダーを試してください。",
    },
    "tail_heading": {"en": "log_softmax against log(softmax)", "ja": "log_softmax と log(softmax)"},
    "tail_intro": {
        "en": "For [1000, 1] the second probability is $e^{-999} \\approx 10^{-434}$, far below"
        " the smallest float64. softmax rounds it to 0 and log gives −inf. log_softmax works"
        " in the log domain, $x_k - m - \\log \\sum_j e^{x_j - m}$, and keeps −999.",
        "ja": "[1000, 1] の 2 番目の確率は $e^{-999} \\approx 10^{-434}$ で、float64 の最小値より"
        "はるかに小さい数です。softmax はこれを 0 に丸め、log を取ると −inf になります。"
        "log_softmax は対数のまま $x_k - m - \\log \\sum_j e^{x_j - m}$ と計算するので −999 が残ります。",
    },
    "tail_explanation": {
        "en": "This is why training code computes cross-entropy from logits, never from probabilities.",
        "ja": "学習のコードが交差エントロピーを確率ではなくロジットから計算するのはこのためです。",
    },
    "derivation_heading": {
        "en": "Why subtracting the maximum is allowed",
        "ja": "最大値を引いてよい理由",
    },
    "derivation_intro": {
        "en": "Three routes to the same identity. Pick the one that reads best to you.",
        "ja": "同じ等式に 3 通りの道筋でたどり着きます。読みやすいものを選んでください。",
    },
    "route_constant_title": {
        "en": "Route 1: multiply by C / C",
        "ja": "道筋 1: C / C を掛ける",
    },
    "route_constant_text": {
        "en": "Multiplying numerator and denominator by the same positive constant changes"
        " nothing. Write the constant as an exponential, merge it into every term, and choose"
        " it so that the exponent of the largest term becomes 0.",
        "ja": "分子と分母に同じ正の定数を掛けても値は変わりません。その定数を指数の形で書いて"
        "各項にまとめ、最大の項の指数がちょうど 0 になるように選びます。",
    },
    "route_divide_title": {
        "en": "Route 2: divide through by e^m",
        "ja": "道筋 2: e^m で割る",
    },
    "route_divide_text": {
        "en": "Without logarithms: divide top and bottom by $e^{m}$. Every exponent becomes"
        " $x_j - m \\le 0$, so each term lies in (0, 1] and the sum lies in [1, K]: nothing"
        " can overflow, and the sum can never be 0.",
        "ja": "対数を使わずに、分子と分母を $e^{m}$ で割ります。指数はすべて $x_j - m \\le 0$"
        " となるので各項は (0, 1]、合計は [1, K] に入ります。あふれることも、"
        "合計が 0 になることもありません。",
    },
    "route_expanded_title": {
        "en": "Route 3: write the sum out",
        "ja": "道筋 3: 和を書き下す",
    },
    "route_expanded_text": {
        "en": "The same step with the sum written term by term: factor $e^{m}$ out of every"
        " term and cancel it against the numerator.",
        "ja": "和を項ごとに書き下して同じことをします。各項から $e^{m}$ をくくり出し、"
        "分子のものと約分します。",
    },
    # gradient view
    "gradient_title": {"en": "Gradient of softmax", "ja": "ソフトマックスの勾配"},
    "gradient_intro": {
        "en": "How does each probability respond to each logit? The answer is the Jacobian"
        " $\\partial y_i / \\partial x_j = y_i(\\delta_{ij} - y_j)$, that is"
        " $J = \\mathrm{diag}(y) - y y^\\top$.",
        "ja": "各確率は各ロジットにどう反応するのでしょうか。答えはヤコビ行列"
        " $\\partial y_i / \\partial x_j = y_i(\\delta_{ij} - y_j)$、つまり"
        " $J = \\mathrm{diag}(y) - y y^\\top$ です。",
    },
    "gradient_text_label": {"en": "Logits", "ja": "ロジット"},
    "gradient_text_help": {
        "en": "Up to {cap} numbers separated by commas or spaces. Press Ctrl+Enter to apply.",
        "ja": "カンマや空白で区切った数値を最大 {cap} 個。Ctrl+Enter で反映。",
    },
    "jacobian_heading": {"en": "The Jacobian", "ja": "ヤコビ行列"},
    "jacobian_intro": {
        "en": "Raising one logit raises its own probability (positive diagonal) and takes the"
        " same amount away from the others (negative off-diagonal). The probabilities always"
        " sum to 1, so each row sums to 0.",
        "ja": "あるロジットを上げると自分の確率が上がり（対角が正）、同じ量が他から引かれます"
        "（非対角が負）。確率の合計は常に 1 なので、各行の和は 0 です。",
    },
    "jacobian_chart_title": {"en": "J = diag(y) − y yᵀ", "ja": "J = diag(y) − y yᵀ"},
    "row_sum": {"en": "row sum", "ja": "行和"},
    "column_sum": {"en": "column sum", "ja": "列和"},
    "row_sums": {
        "en": "Largest |row sum| here: {largest} (0 up to rounding).",
        "ja": "ここでの |行和| の最大値: {largest}（丸め誤差を除けば 0）。",
    },
    "diagonal_heading": {
        "en": "The diagonal is the sigmoid's derivative",
        "ja": "対角成分はシグモイドの導関数",
    },
    "diagonal_intro": {
        "en": "Move one logit $x_i$ and keep the others fixed. Then"
        " $y_i = 1 / (1 + e^{-(x_i - c)})$ with $c = \\log \\sum_{j \\ne i} e^{x_j}$: a sigmoid"
        " moved right by $c$. Its slope $y_i(1 - y_i)$ is the bell-shaped sigmoid derivative.",
        "ja": "ロジット $x_i$ だけを動かし、他は固定します。すると"
        " $y_i = 1 / (1 + e^{-(x_i - c)})$、ただし $c = \\log \\sum_{j \\ne i} e^{x_j}$ で、"
        "右に $c$ だけずれたシグモイドです。その傾き $y_i(1 - y_i)$ は釣鐘形のシグモイドの導関数です。",
    },
    "sweep_class_label": {"en": "Logit to move", "ja": "動かすロジット"},
    "diagonal_match": {
        "en": "For x{number}: shift c = {shift}; the largest gap between y and the shifted"
        " sigmoid on the plotted range is {difference}.",
        "ja": "x{number} の場合: ずれ c = {shift}。描いた範囲で y とずらしたシグモイドの差は"
        "最大 {difference} です。",
    },
    "offdiag_heading": {"en": "Off-diagonal entries", "ja": "非対角成分"},
    "offdiag_intro": {
        "en": "$\\partial y_i / \\partial x_j = -y_i y_j$ for $i \\ne j$, next to a central"
        " finite difference $(y_i(x + h e_j) - y_i(x - h e_j)) / 2h$ with $h = 10^{-6}$.",
        "ja": "$i \\ne j$ のとき $\\partial y_i / \\partial x_j = -y_i y_j$。となりは"
        " $h = 10^{-6}$ の中心差分 $(y_i(x + h e_j) - y_i(x - h e_j)) / 2h$ です。",
    },
    "col_finite_difference": {"en": "finite difference", "ja": "中心差分"},
    "col_difference": {"en": "|difference|", "ja": "|差|"},
    "ce_heading": {"en": "Cross-entropy and its gradient", "ja": "交差エントロピーとその勾配"},
    "ce_intro": {
        "en": "For a true class $t$, the loss is $-\\log y_t$, computed as $-$log_softmax$(x)_t$."
        " Its gradient with respect to the logits is simply $y - \\mathrm{onehot}(t)$.",
        "ja": "正解クラス $t$ の損失は $-\\log y_t$ で、$-$log_softmax$(x)_t$ として計算します。"
        "ロジットについての勾配は単純に $y - \\mathrm{onehot}(t)$ です。",
    },
    "target_label": {"en": "True class", "ja": "正解クラス"},
    "ce_loss": {"en": "Loss for class {number}", "ja": "クラス {number} の損失"},
    "ce_gradient_sum": {
        "en": "The gradient sums to {total}: pushing the true class up pulls the others down.",
        "ja": "勾配の合計は {total}。正解クラスを押し上げると、他のクラスが引き下げられます。",
    },
    # batch view
    "batch_title": {"en": "Batches and the axis", "ja": "バッチと axis"},
    "batch_intro": {
        "en": "A network returns one row of logits per example. `axis` says which numbers share"
        " a denominator: `axis=1` normalises each row (each example), `axis=0` each column,"
        " and `axis=None` the whole matrix at once.",
        "ja": "ネットワークは例ごとに 1 行のロジットを返します。`axis` はどの数どうしで分母を"
        "共有するかを決めます。`axis=1` は行ごと（例ごと）、`axis=0` は列ごと、"
        "`axis=None` は行列全体をまとめて正規化します。",
    },
    "batch_text_label": {"en": "Or paste a matrix", "ja": "または行列を貼り付け"},
    "batch_text_help": {
        "en": "One row per line (or rows separated by ;), numbers separated by commas or spaces."
        " Up to {rows} rows and {columns} columns.",
        "ja": "1 行に 1 行ずつ（または ; 区切り）、数値はカンマや空白で区切ります。"
        "最大 {rows} 行 {columns} 列。",
    },
    "axis_label": {"en": "axis", "ja": "axis"},
    "axis_help": {
        "en": "The same argument as scipy.special.softmax.",
        "ja": "scipy.special.softmax と同じ引数です。",
    },
    "axis_None_explained": {
        "en": "`axis=None`: all entries together sum to 1.",
        "ja": "`axis=None`: 全要素の合計が 1 になります。",
    },
    "axis_0_explained": {
        "en": "`axis=0`: each column sums to 1.",
        "ja": "`axis=0`: 各列の合計が 1 になります。",
    },
    "axis_1_explained": {
        "en": "`axis=1`: each row sums to 1.",
        "ja": "`axis=1`: 各行の合計が 1 になります。",
    },
    "scipy_agreement": {
        "en": "Against `scipy.special.softmax(x, axis={axis})`: largest absolute difference"
        " {absolute}, largest difference {ulp} units in the last place.",
        "ja": "`scipy.special.softmax(x, axis={axis})` との比較: 絶対差の最大値 {absolute}、"
        "最終桁の単位（ULP）で最大 {ulp}。",
    },
}
