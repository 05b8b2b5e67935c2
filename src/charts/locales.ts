/**
 * Locale definitions for chart number and date formats: d3-format and d3-time-format locale data (ISC
 * licence, Mike Bostock), which Vega reads from a spec's `config.locale`; Indonesian (`id-ID`) from
 * the CLDR conventions (decimal comma, thousands dot, Indonesian month and day names).
 *
 * @module
 */
import { deepFreeze } from '../_lib/freeze.js';
import type { ChartLocale } from './types.js';

/**
 * The locales a chart option `locale` may name. Each is a Vega locale definition (number and time) that
 * is written into the spec's `config.locale`, so a chart formats its numbers and dates the same way
 * in every renderer, whatever the renderer's own default locale is. Pass a {@link ChartLocale} object for
 * any other locale.
 *
 * @example
 * ```ts
 * CHART_LOCALES['id-ID'].number.decimal; //=> ','
 * CHART_LOCALES['de-DE'].time.shortMonths[2]; //=> 'Mrz'
 * ```
 */
export const CHART_LOCALES = /* @__PURE__ */ Object.freeze({
  'de-DE': /* @__PURE__ */ locale(
    { decimal: ',', thousands: '.', grouping: [3], currency: ['', '\u00a0€'] },
    {
      dateTime: '%A, der %e. %B %Y, %X',
      date: '%d.%m.%Y',
      time: '%H:%M:%S',
      periods: ['AM', 'PM'],
      days: ['Sonntag', 'Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag'],
      shortDays: ['So', 'Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa'],
      months: [
        'Januar',
        'Februar',
        'März',
        'April',
        'Mai',
        'Juni',
        'Juli',
        'August',
        'September',
        'Oktober',
        'November',
        'Dezember',
      ],
      shortMonths: ['Jan', 'Feb', 'Mrz', 'Apr', 'Mai', 'Jun', 'Jul', 'Aug', 'Sep', 'Okt', 'Nov', 'Dez'],
    },
  ),
  'en-GB': /* @__PURE__ */ locale(
    { decimal: '.', thousands: ',', grouping: [3], currency: ['£', ''] },
    {
      dateTime: '%a %e %b %X %Y',
      date: '%d/%m/%Y',
      time: '%H:%M:%S',
      periods: ['AM', 'PM'],
      days: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
      shortDays: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
      months: [
        'January',
        'February',
        'March',
        'April',
        'May',
        'June',
        'July',
        'August',
        'September',
        'October',
        'November',
        'December',
      ],
      shortMonths: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
    },
  ),
  'en-US': /* @__PURE__ */ locale(
    { decimal: '.', thousands: ',', grouping: [3], currency: ['$', ''] },
    {
      dateTime: '%x, %X',
      date: '%-m/%-d/%Y',
      time: '%-I:%M:%S %p',
      periods: ['AM', 'PM'],
      days: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
      shortDays: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
      months: [
        'January',
        'February',
        'March',
        'April',
        'May',
        'June',
        'July',
        'August',
        'September',
        'October',
        'November',
        'December',
      ],
      shortMonths: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
    },
  ),
  'es-ES': /* @__PURE__ */ locale(
    { decimal: ',', thousands: '.', grouping: [3], currency: ['', '\u00a0€'] },
    {
      dateTime: '%A, %e de %B de %Y, %X',
      date: '%d/%m/%Y',
      time: '%H:%M:%S',
      periods: ['AM', 'PM'],
      days: ['domingo', 'lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado'],
      shortDays: ['dom', 'lun', 'mar', 'mié', 'jue', 'vie', 'sáb'],
      months: [
        'enero',
        'febrero',
        'marzo',
        'abril',
        'mayo',
        'junio',
        'julio',
        'agosto',
        'septiembre',
        'octubre',
        'noviembre',
        'diciembre',
      ],
      shortMonths: ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sep', 'oct', 'nov', 'dic'],
    },
  ),
  'fr-FR': /* @__PURE__ */ locale(
    { decimal: ',', thousands: '\u00a0', grouping: [3], currency: ['', '\u00a0€'], percent: '\u202f%' },
    {
      dateTime: '%A %e %B %Y à %X',
      date: '%d/%m/%Y',
      time: '%H:%M:%S',
      periods: ['AM', 'PM'],
      days: ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'],
      shortDays: ['dim.', 'lun.', 'mar.', 'mer.', 'jeu.', 'ven.', 'sam.'],
      months: [
        'janvier',
        'février',
        'mars',
        'avril',
        'mai',
        'juin',
        'juillet',
        'août',
        'septembre',
        'octobre',
        'novembre',
        'décembre',
      ],
      shortMonths: ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'],
    },
  ),
  'id-ID': /* @__PURE__ */ locale(
    { decimal: ',', thousands: '.', grouping: [3], currency: ['Rp', ''] },
    {
      dateTime: '%A, %d %B %Y %H.%M.%S',
      date: '%d/%m/%Y',
      time: '%H.%M.%S',
      periods: ['AM', 'PM'],
      days: ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'],
      shortDays: ['Min', 'Sen', 'Sel', 'Rab', 'Kam', 'Jum', 'Sab'],
      months: [
        'Januari',
        'Februari',
        'Maret',
        'April',
        'Mei',
        'Juni',
        'Juli',
        'Agustus',
        'September',
        'Oktober',
        'November',
        'Desember',
      ],
      shortMonths: ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'],
    },
  ),
  'it-IT': /* @__PURE__ */ locale(
    { decimal: ',', thousands: '.', grouping: [3], currency: ['€', ''] },
    {
      dateTime: '%A %e %B %Y, %X',
      date: '%d/%m/%Y',
      time: '%H:%M:%S',
      periods: ['AM', 'PM'],
      days: ['Domenica', 'Lunedì', 'Martedì', 'Mercoledì', 'Giovedì', 'Venerdì', 'Sabato'],
      shortDays: ['Dom', 'Lun', 'Mar', 'Mer', 'Gio', 'Ven', 'Sab'],
      months: [
        'Gennaio',
        'Febbraio',
        'Marzo',
        'Aprile',
        'Maggio',
        'Giugno',
        'Luglio',
        'Agosto',
        'Settembre',
        'Ottobre',
        'Novembre',
        'Dicembre',
      ],
      shortMonths: ['Gen', 'Feb', 'Mar', 'Apr', 'Mag', 'Giu', 'Lug', 'Ago', 'Set', 'Ott', 'Nov', 'Dic'],
    },
  ),
  'ja-JP': /* @__PURE__ */ locale(
    { decimal: '.', thousands: ',', grouping: [3], currency: ['', '円'] },
    {
      dateTime: '%x %a %X',
      date: '%Y/%m/%d',
      time: '%H:%M:%S',
      periods: ['AM', 'PM'],
      days: ['日曜日', '月曜日', '火曜日', '水曜日', '木曜日', '金曜日', '土曜日'],
      shortDays: ['日', '月', '火', '水', '木', '金', '土'],
      months: ['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月'],
      shortMonths: ['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月'],
    },
  ),
  'nl-NL': /* @__PURE__ */ locale(
    { decimal: ',', thousands: '.', grouping: [3], currency: ['€\u00a0', ''] },
    {
      dateTime: '%a %e %B %Y %X',
      date: '%d-%m-%Y',
      time: '%H:%M:%S',
      periods: ['AM', 'PM'],
      days: ['zondag', 'maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag'],
      shortDays: ['zo', 'ma', 'di', 'wo', 'do', 'vr', 'za'],
      months: [
        'januari',
        'februari',
        'maart',
        'april',
        'mei',
        'juni',
        'juli',
        'augustus',
        'september',
        'oktober',
        'november',
        'december',
      ],
      shortMonths: ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'],
    },
  ),
  'pt-BR': /* @__PURE__ */ locale(
    { decimal: ',', thousands: '.', grouping: [3], currency: ['R$', ''] },
    {
      dateTime: '%A, %e de %B de %Y. %X',
      date: '%d/%m/%Y',
      time: '%H:%M:%S',
      periods: ['AM', 'PM'],
      days: ['Domingo', 'Segunda', 'Terça', 'Quarta', 'Quinta', 'Sexta', 'Sábado'],
      shortDays: ['Dom', 'Seg', 'Ter', 'Qua', 'Qui', 'Sex', 'Sáb'],
      months: [
        'Janeiro',
        'Fevereiro',
        'Março',
        'Abril',
        'Maio',
        'Junho',
        'Julho',
        'Agosto',
        'Setembro',
        'Outubro',
        'Novembro',
        'Dezembro',
      ],
      shortMonths: ['Jan', 'Fev', 'Mar', 'Abr', 'Mai', 'Jun', 'Jul', 'Ago', 'Set', 'Out', 'Nov', 'Dez'],
    },
  ),
  'zh-CN': /* @__PURE__ */ locale(
    { decimal: '.', thousands: ',', grouping: [3], currency: ['¥', ''] },
    {
      dateTime: '%x %A %X',
      date: '%Y年%-m月%-d日',
      time: '%H:%M:%S',
      periods: ['上午', '下午'],
      days: ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'],
      shortDays: ['周日', '周一', '周二', '周三', '周四', '周五', '周六'],
      months: ['一月', '二月', '三月', '四月', '五月', '六月', '七月', '八月', '九月', '十月', '十一月', '十二月'],
      shortMonths: ['一月', '二月', '三月', '四月', '五月', '六月', '七月', '八月', '九月', '十月', '十一月', '十二月'],
    },
  ),
});

/**
 * The name of a built-in chart locale (a key of {@link CHART_LOCALES}).
 *
 * @example
 * ```ts
 * const name: ChartLocaleName = 'id-ID';
 * ```
 */
export type ChartLocaleName = keyof typeof CHART_LOCALES;

function locale(number: ChartLocale['number'], time: ChartLocale['time']): ChartLocale {
  return deepFreeze({ number, time });
}
