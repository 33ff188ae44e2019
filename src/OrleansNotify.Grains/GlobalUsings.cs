global using OrleansNotify.Messages;
global using OrleansNotify.Notifiers;
global using OrleansNotify.Portals;
