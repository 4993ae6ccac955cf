package dev.statusstream;

import java.util.List;

/**
 * A write: one value that says what to change, validated when built. {@link StatusStream#execute}
 * commits it in one transaction; the admin API reads it from a request ({@link OperationType#read});
 * a remote client sends its {@link #toJson() JSON form} to its {@link #path() path}.
 *
 * <p>Adding a kind of write takes a record here, its handler in the library, and its command in the
 * CLI: the compiler then asks for the handler, and the admin API and the CLI's remote mode take it
 * from {@link #types()} and the record itself.
 *
 * <p>Every implementation is an immutable, thread-safe record.
 *
 * @param <T> the value a committed operation returns (in a {@link Change})
 */
public sealed interface Operation<T> permits AddService, EditService, SetStatus, ReorderServices, RemoveService,
        OpenIncident, EditIncident, UpdateIncident, ResolveIncident, Publish, SetPostmortem, RemovePostmortem,
        AddTemplate, EditTemplate, RemoveTemplate, SetBranding, AddSubscriber, RemoveSubscriber,
        CreateToken, RevokeToken, AddOperator, ChangeOperatorRole, ReissueLink, RemoveOperator,
        SubscribeByEmail, ConfirmEmail, UnsubscribeEmail, RemoveEmailSubscriber,
        SetControl, AddMonitor, RemoveMonitor, PauseMonitor {

    /**
     * Every type of operation: the admin API's write routes.
     *
     * @return one entry per record implementing this interface
     */
    static List<OperationType<?>> types() {
        return List.of(AddService.TYPE, EditService.TYPE, SetStatus.TYPE, ReorderServices.TYPE, RemoveService.TYPE,
                OpenIncident.TYPE, EditIncident.TYPE, UpdateIncident.TYPE, ResolveIncident.TYPE, Publish.TYPE,
                SetPostmortem.TYPE, RemovePostmortem.TYPE, AddTemplate.TYPE, EditTemplate.TYPE, RemoveTemplate.TYPE,
                SetBranding.TYPE, AddSubscriber.TYPE, RemoveSubscriber.TYPE, CreateToken.TYPE, RevokeToken.TYPE, AddOperator.TYPE,
                ChangeOperatorRole.TYPE, ReissueLink.TYPE, RemoveOperator.TYPE,
                SubscribeByEmail.TYPE, ConfirmEmail.TYPE, UnsubscribeEmail.TYPE, RemoveEmailSubscriber.TYPE,
                SetControl.TYPE, AddMonitor.TYPE, RemoveMonitor.TYPE, PauseMonitor.TYPE);
    }

    /**
     * The type of this operation.
     *
     * @return its route and JSON form
     */
    OperationType<T> type();

    /**
     * The admin API path of this operation, under {@code /api/admin}, with its ids.
     *
     * @return e.g. {@code /services/api/status}
     */
    default String path() {
        return type().pathOf(this);
    }

    /**
     * The request body the admin API takes for this operation: the same fields it reads.
     *
     * @return a JSON object, or null when there is nothing to send
     */
    String toJson();
}
