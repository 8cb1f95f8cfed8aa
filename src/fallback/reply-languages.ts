import type { Channel } from '../core/domain.js';
import type { ReplyPhrases } from './default-reply-phrases.js';
import type { ReplyTemplate } from './reply-template.js';

/**
 * Everything a rule-based reply needs in one language besides English (English is
 * `defaultReplyTemplates` and `defaultReplyPhrases`): a template per channel, phrases per
 * intent (`general_inquiry` for the rest), the fixed words the drafter inserts, order statuses,
 * and the locale for money.
 *
 * @example
 * ```ts
 * declare const spanishLikePack: ReplyLanguage;
 * const languages: Record<string, ReplyLanguage> = { ...defaultReplyLanguages, pt: spanishLikePack };
 * draftReply({ channel: 'chat', message: 'Onde está o meu pedido?', languages });
 * ```
 */
export interface ReplyLanguage {
  /** The language's English name, for the draft's reasoning ("Spanish"). */
  readonly name: string;
  /** BCP 47 locale for money amounts, e.g. `es-ES`. */
  readonly locale: string;
  readonly templates: Readonly<Record<Channel, ReplyTemplate>>;
  readonly phrases: Readonly<Record<string, ReplyPhrases>>;
  readonly words: {
    /** Greeting when the name is unknown ("Hi there" → "Hola"). Empty string for none. */
    readonly there: string;
    readonly empathy: string;
    readonly empathyPhone: string;
    readonly vip: string;
    readonly vipPhone: string;
    /** Signature when no agent name is given. */
    readonly agentName: string;
  };
  /** Order and tracking statuses (`in_transit` → "en tránsito"); unknown ones are shown as they are. */
  readonly statuses?: Readonly<Record<string, string>>;
}

const spanish: ReplyLanguage = {
  name: 'Spanish',
  locale: 'es-ES',
  templates: {
    email: {
      separator: '\n\n',
      sections: [
        { text: ['Hola, {{greetingName}}:', 'Hola:'] },
        { text: 'Gracias por escribirnos. {{empathy?}} {{acknowledgement}}' },
        {
          text: [
            'Su pedido n.º {{orderNumber}} ({{orderTotal}}) está {{orderStatus}}. Última actualización de {{carrier}}: {{tracking}}.',
            'Su pedido n.º {{orderNumber}} ({{orderTotal}}) está {{orderStatus}}. Última actualización: {{tracking}}.',
            'Su pedido n.º {{orderNumber}} está {{orderStatus}}. Última actualización: {{tracking}}.',
            'Su pedido n.º {{orderNumber}} está {{orderStatus}}.',
            'He consultado su pedido n.º {{orderNumber}}.',
          ],
          drop: 3,
        },
        { text: 'Veo que ya nos escribió sobre «{{pastIssue}}», así que me aseguraré de que esta vez quede resuelto.', drop: 1 },
        { text: '{{nextStep}} {{vip?}}' },
        { text: 'Si tiene cualquier otra pregunta, responda a este correo.', drop: 2 },
        { text: ['Un saludo,\n{{agentName}}\n{{companyName}}', 'Un saludo,\n{{agentName}}'] },
      ],
    },
    sms: {
      separator: ' ',
      sections: [
        { text: ['Hola {{greetingName}},', 'Hola,'] },
        { text: '{{short}}' },
        { text: ['Pedido {{orderNumber}}: {{tracking}}.', 'Pedido {{orderNumber}}: {{orderStatus}}.'], drop: 2 },
        { text: '- {{companyName}}', drop: 1 },
      ],
    },
    chat: {
      separator: '\n\n',
      sections: [
        { text: ['¡Hola, {{greetingName}}! {{empathy?}}', '¡Hola! {{empathy?}}'] },
        { text: '{{acknowledgement}}' },
        {
          text: [
            'Su pedido n.º {{orderNumber}} está {{orderStatus}}. Última actualización de {{carrier}}: {{tracking}}.',
            'Su pedido n.º {{orderNumber}} está {{orderStatus}}. Última actualización: {{tracking}}.',
            'Su pedido n.º {{orderNumber}} está {{orderStatus}}.',
          ],
          drop: 3,
        },
        { text: 'Veo que ya nos preguntó por «{{pastIssue}}», así que me aseguraré de que esta vez quede resuelto.', drop: 1 },
        { text: '{{nextStep}} {{vip?}}' },
        { text: '¿Puedo ayudarle con algo más?', drop: 2 },
      ],
    },
    phone: {
      separator: ' ',
      sections: [
        { text: ['Hola, {{greetingName}}, le habla {{agentName}}, de {{companyName}}.', 'Hola, {{greetingName}}, le habla {{agentName}}.', 'Hola, gracias por llamar.'] },
        { text: '{{empathy}}', drop: 4 },
        { text: '{{acknowledgement}}' },
        { text: ['Veo que el pedido {{orderNumber}} está {{orderStatus}}, y el último seguimiento dice: {{tracking}}.', 'Veo que el pedido {{orderNumber}} está {{orderStatus}}.'], drop: 3 },
        { text: '{{nextStep}}' },
        { text: '{{vip}}', drop: 1 },
        { text: '¿Puedo ayudarle con algo más hoy?', drop: 2 },
      ],
    },
  },
  // SMS texts avoid á, í, ó, ú (outside GSM-7) so a message stays one segment.
  phrases: {
    order_status: {
      acknowledgement: 'Gracias por consultar el estado de su pedido.',
      nextStep: 'Lo seguiré de cerca y le avisaré en cuanto haya cualquier novedad.',
      short: 'este es el estado de su pedido. Le avisaremos si hay cambios.',
    },
    shipping_delay: {
      acknowledgement: 'Siento mucho que su pedido aún no haya llegado.',
      nextStep: 'He pedido a nuestro equipo de envíos que reclame al transportista y le daré una fecha de entrega firme en 24 horas.',
      short: 'sentimos el retraso. Reclamamos al transportista y le escribimos en 24h.',
    },
    damaged_item: {
      acknowledgement: 'Siento mucho que el artículo llegara dañado.',
      nextStep: 'Puedo enviarle un reemplazo gratuito o hacerle un reembolso completo, lo que prefiera. Respóndanos y díganos; no hace falta devolver el artículo dañado.',
      short: 'sentimos que llegara dañado. Responda CAMBIO o REEMBOLSO y lo resolvemos gratis.',
    },
    refund: {
      acknowledgement: 'Entiendo que desea un reembolso.',
      nextStep: 'He pasado su solicitud a nuestro equipo de facturación. Recibirá un correo en cuanto se procese, normalmente en 3 a 5 días hábiles.',
      short: 'recibimos su solicitud de reembolso y se la confirmaremos por correo en 3-5 dias habiles.',
    },
    return: {
      acknowledgement: 'Con gusto le ayudo a devolver o cambiar su artículo.',
      nextStep: 'Le enviaré por correo una etiqueta de devolución prepagada. En cuanto el artículo esté en camino, tramitaremos su reembolso o cambio.',
      short: 'le enviaremos por correo una etiqueta de devolucion prepagada.',
    },
    cancellation: {
      acknowledgement: 'He recibido su solicitud de cancelación.',
      nextStep: 'La estoy tramitando ahora y se la confirmaré por correo. Si algo ya se ha enviado, le explicaré cómo devolverlo sin coste.',
      short: 'recibimos su solicitud de cancelacion y se la confirmaremos por correo.',
    },
    billing: {
      acknowledgement: 'Gracias por avisarnos de este cargo.',
      nextStep: 'Estoy revisando su historial de facturación. Si se cobró algo por error, se lo reembolsaremos íntegramente y se lo confirmaremos por correo.',
      short: 'revisamos el cargo. Todo lo cobrado por error se reembolsara integramente.',
    },
    account_access: {
      acknowledgement: 'Siento que tenga problemas para acceder a su cuenta.',
      nextStep: "Pruebe el enlace «He olvidado mi contraseña» en la página de inicio de sesión. Si el correo no llega en unos minutos, responda aquí y le restableceré el acceso.",
      short: 'sentimos el problema de acceso. Use "He olvidado mi contrasena"; si no llega el correo, responda aqui.',
    },
    technical_problem: {
      acknowledgement: 'Siento que esté teniendo un problema técnico.',
      nextStep: 'He pasado los detalles a nuestro equipo técnico. Una captura de pantalla y el dispositivo o navegador que usa nos ayudarían a resolverlo antes.',
      short: 'sentimos el problema tecnico. Nuestro equipo esta en ello; una captura nos ayudaria.',
    },
    sales_question: {
      acknowledgement: '¡Gracias por su interés!',
      nextStep: 'Le enviaré enseguida los detalles que pidió. Mientras tanto, en nuestras páginas de producto verá los precios y la disponibilidad actuales.',
      short: 'gracias por su interes. Le enviaremos enseguida los detalles que pidio.',
    },
    complaint: {
      acknowledgement: 'Lamento que le hayamos fallado, y gracias por decírnoslo.',
      nextStep: 'He escalado su caso a un responsable del equipo, que se pondrá en contacto con usted personalmente en un día hábil.',
      short: 'lamentamos haberle fallado. Un responsable le contactara en 1 dia habil.',
    },
    praise: {
      acknowledgement: '¡Muchas gracias por sus amables palabras!',
      nextStep: 'Se las haré llegar al equipo. Les alegrará el día.',
      short: 'gracias por sus amables palabras. Se las haremos llegar al equipo.',
    },
    general_inquiry: {
      acknowledgement: 'Gracias por ponerse en contacto con nosotros.',
      nextStep: 'Una persona de nuestro equipo revisará su consulta y le responderá en breve.',
      short: 'gracias por su mensaje. Nuestro equipo le respondera en breve.',
    },
  },
  words: {
    there: '',
    empathy: 'Entiendo lo frustrante que es esto.',
    empathyPhone: 'Entiendo perfectamente lo frustrante que debe de ser.',
    vip: 'Como uno de nuestros clientes más valiosos, tiene mi atención personal hasta que esto quede resuelto.',
    vipPhone: 'Es usted uno de nuestros clientes más valiosos, así que me ocuparé personalmente de esto.',
    agentName: 'Atención al cliente',
  },
  statuses: {
    in_transit: 'en tránsito', shipped: 'enviado', delivered: 'entregado', processing: 'en preparación', pending: 'pendiente', out_for_delivery: 'en reparto',
    delayed: 'retrasado', cancelled: 'cancelado', canceled: 'cancelado', returned: 'devuelto', exception: 'con una incidencia', lost: 'extraviado',
  },
};

/**
 * The languages crmkit's rule-based replies speak besides English. Add your own (or replace
 * these) through `draftReply`'s `languages` option; a message in any other language gets an
 * English reply whose draft says so (`language.available: false`).
 *
 * @example
 * ```ts
 * Object.keys(defaultReplyLanguages); // ['es']
 * ```
 */
export const defaultReplyLanguages: Readonly<Record<string, ReplyLanguage>> = { es: spanish };
