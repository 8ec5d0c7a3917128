import '@adonisjs/core/types/http'

type ParamValue = string | number | bigint | boolean

export type ScannedRoutes = {
  ALL: {
    'event_stream': { paramsTuple?: []; params?: {} }
    'subscribe': { paramsTuple?: []; params?: {} }
    'unsubscribe': { paramsTuple?: []; params?: {} }
    'health_checks.live': { paramsTuple?: []; params?: {} }
    'health_checks.ready': { paramsTuple?: []; params?: {} }
    'home': { paramsTuple?: []; params?: {} }
    'session.create': { paramsTuple?: []; params?: {} }
    'session.store': { paramsTuple?: []; params?: {} }
    'invitations.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'invitations.store': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'session.destroy': { paramsTuple?: []; params?: {} }
    'tickets.index': { paramsTuple?: []; params?: {} }
    'knowledge.index': { paramsTuple?: []; params?: {} }
    'experiments.index': { paramsTuple?: []; params?: {} }
    'growth.index': { paramsTuple?: []; params?: {} }
    'admin.users.index': { paramsTuple?: []; params?: {} }
    'admin.users.table': { paramsTuple?: []; params?: {} }
    'admin.users.create': { paramsTuple?: []; params?: {} }
    'admin.users.store': { paramsTuple?: []; params?: {} }
    'admin.users.role': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.users.deactivate': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.users.reactivate': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.users.reinvite': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.access_tokens.index': { paramsTuple?: []; params?: {} }
    'admin.access_tokens.store': { paramsTuple?: []; params?: {} }
    'admin.access_tokens.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.me': { paramsTuple?: []; params?: {} }
  }
  GET: {
    'event_stream': { paramsTuple?: []; params?: {} }
    'health_checks.live': { paramsTuple?: []; params?: {} }
    'health_checks.ready': { paramsTuple?: []; params?: {} }
    'home': { paramsTuple?: []; params?: {} }
    'session.create': { paramsTuple?: []; params?: {} }
    'invitations.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'tickets.index': { paramsTuple?: []; params?: {} }
    'knowledge.index': { paramsTuple?: []; params?: {} }
    'experiments.index': { paramsTuple?: []; params?: {} }
    'growth.index': { paramsTuple?: []; params?: {} }
    'admin.users.index': { paramsTuple?: []; params?: {} }
    'admin.users.table': { paramsTuple?: []; params?: {} }
    'admin.users.create': { paramsTuple?: []; params?: {} }
    'admin.access_tokens.index': { paramsTuple?: []; params?: {} }
    'api.me': { paramsTuple?: []; params?: {} }
  }
  HEAD: {
    'event_stream': { paramsTuple?: []; params?: {} }
    'health_checks.live': { paramsTuple?: []; params?: {} }
    'health_checks.ready': { paramsTuple?: []; params?: {} }
    'home': { paramsTuple?: []; params?: {} }
    'session.create': { paramsTuple?: []; params?: {} }
    'invitations.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'tickets.index': { paramsTuple?: []; params?: {} }
    'knowledge.index': { paramsTuple?: []; params?: {} }
    'experiments.index': { paramsTuple?: []; params?: {} }
    'growth.index': { paramsTuple?: []; params?: {} }
    'admin.users.index': { paramsTuple?: []; params?: {} }
    'admin.users.table': { paramsTuple?: []; params?: {} }
    'admin.users.create': { paramsTuple?: []; params?: {} }
    'admin.access_tokens.index': { paramsTuple?: []; params?: {} }
    'api.me': { paramsTuple?: []; params?: {} }
  }
  POST: {
    'subscribe': { paramsTuple?: []; params?: {} }
    'unsubscribe': { paramsTuple?: []; params?: {} }
    'session.store': { paramsTuple?: []; params?: {} }
    'invitations.store': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'session.destroy': { paramsTuple?: []; params?: {} }
    'admin.users.store': { paramsTuple?: []; params?: {} }
    'admin.users.deactivate': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.users.reactivate': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.users.reinvite': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.access_tokens.store': { paramsTuple?: []; params?: {} }
  }
  PUT: {
    'admin.users.role': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
  }
  DELETE: {
    'admin.access_tokens.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
  }
}
declare module '@adonisjs/core/types/http' {
  export interface RoutesList extends ScannedRoutes {}
}